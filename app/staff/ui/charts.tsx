import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { languageOf } from "~/i18n/languages";

/**
 * Bar charts drawn on the server as SVG: no script, no style attributes (the content security
 * policy allows neither), colours with at least 3:1 contrast against white, and series told
 * apart by pattern as well as colour. Each chart is an image named by its title; the same
 * numbers are in the table beside it, which is what a screen reader reads. Months run right to
 * left in a right-to-left language.
 */

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

const PLOT_TOP = 18;
const PLOT_HEIGHT = 150;
const AXIS_WIDTH = 58;
const LABEL_BAND = 40;
const EDGE = 12;

/** Fill and stroke of series 0, 1 and 2: solid blue, hatched green, white with a dark outline. */
function seriesPaint(index: number, patternId: string) {
  switch (index % 3) {
    case 0:
      return { fill: "#1d4f91", stroke: "#1d4f91", strokeWidth: 1 };
    case 1:
      return { fill: `url(#${patternId})`, stroke: "#00703c", strokeWidth: 1.5 };
    default:
      return { fill: "#ffffff", stroke: "#0b0c0c", strokeWidth: 2 };
  }
}

function Pattern({ id }: { id: string }) {
  return (
    <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="#ffffff" />
      <rect width="3" height="6" fill="#00703c" />
    </pattern>
  );
}

/** A round top for the axis: 1, 2, 5 or 10 times a power of ten, at least the largest value. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Round gridlines up to a round top: 0, 5, 10 … for 20; 0, 1, 2 … for 5; quarters for a share. */
export function niceTicks(top: number, kind: "share" | "amount"): number[] {
  if (kind === "share") return [0, 0.25, 0.5, 0.75, 1];
  const leading = Math.round(top / 10 ** Math.floor(Math.log10(top)));
  const steps = leading === 2 ? 4 : 5;
  return Array.from({ length: steps + 1 }, (_, i) => (top / steps) * i);
}

/** "juni 2026" as two lines, "juni" over "2026", so narrow columns keep their labels apart. */
const labelLines = (label: string) => {
  const at = label.lastIndexOf(" ");
  return at > 0 ? [label.slice(0, at), label.slice(at + 1)] : [label];
};

export function BarChart({
  id,
  title,
  labels,
  series,
  kind,
  format,
  target,
}: {
  id: string;
  title: string;
  /** One label per month, already formatted. */
  labels: string[];
  series: ChartSeries[];
  /** "share": 0–100 %; "amount": from 0 to a round maximum. */
  kind: "share" | "amount";
  format: (value: number) => string;
  target?: { value: number; label: string };
}) {
  const { t, i18n } = useTranslation("staff");
  const rtl = languageOf(i18n.language).dir === "rtl";
  const patternId = `${id}-hatch`;
  const bar = series.length === 1 ? 32 : 18;
  const group = Math.max(64, series.length * bar + 18);
  const width = AXIS_WIDTH + EDGE + labels.length * group + EDGE;
  const height = PLOT_TOP + PLOT_HEIGHT + LABEL_BAND;
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const top = kind === "share" ? 1 : niceMax(Math.max(0, ...all, target?.value ?? 0));
  const y = (value: number) => PLOT_TOP + PLOT_HEIGHT - (Math.min(value, top) / top) * PLOT_HEIGHT;
  /** Mirrors an x position (and a width) for right to left. */
  const x = (at: number, w = 0) => (rtl ? width - at - w : at);
  const ticks = niceTicks(top, kind);
  const plotStart = AXIS_WIDTH;
  const plotEnd = width - EDGE;
  const showValues = series.length === 1 && labels.length <= 8;

  const legend: ReactNode =
    series.length > 1 ? (
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s, i) => {
          const paint = seriesPaint(i, `${patternId}-legend-${i}`);
          return (
            <li key={s.label}>
              <svg width="18" height="14" focusable="false">
                {i % 3 === 1 ? (
                  <defs>
                    <Pattern id={`${patternId}-legend-${i}`} />
                  </defs>
                ) : null}
                <rect
                  x="1"
                  y="1"
                  width="16"
                  height="12"
                  fill={paint.fill}
                  stroke={paint.stroke}
                  strokeWidth={paint.strokeWidth}
                />
              </svg>
              {s.label}
            </li>
          );
        })}
        {target ? (
          <li>
            <svg width="18" height="14" focusable="false">
              <line x1="0" y1="7" x2="18" y2="7" stroke="#b0151f" strokeWidth="2" strokeDasharray="4 3" />
            </svg>
            {target.label}
          </li>
        ) : null}
      </ul>
    ) : null;

  return (
    <figure className="chart">
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-caption ${id}-desc`}
        focusable="false"
        // Positions are mirrored by hand for right to left; text anchors keep their left-to-right sense.
        direction="ltr"
      >
        <desc id={`${id}-desc`}>{t("figures.chartDescription")}</desc>
        <defs>
          <Pattern id={patternId} />
        </defs>
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="grid" x1={x(plotStart)} x2={x(plotEnd)} y1={y(tick)} y2={y(tick)} />
            <text
              x={rtl ? width - AXIS_WIDTH + 6 : AXIS_WIDTH - 6}
              y={y(tick) + 4}
              fontSize="12"
              textAnchor={rtl ? "start" : "end"}
            >
              {format(tick)}
            </text>
          </g>
        ))}
        <line className="axis" x1={x(plotStart)} x2={x(plotEnd)} y1={y(0)} y2={y(0)} />
        {labels.map((label, m) => {
          const groupStart = AXIS_WIDTH + EDGE + m * group;
          const barsStart = groupStart + (group - series.length * bar) / 2;
          return (
            <g key={`${label}-${m}`}>
              {series.map((s, i) => {
                const value = s.values[m];
                if (value === null || value === undefined) return null;
                const paint = seriesPaint(i, patternId);
                const top = y(value);
                const h = Math.max(value > 0 ? 1 : 0, y(0) - top);
                return (
                  <g key={s.label}>
                    <rect
                      x={x(barsStart + i * bar, bar - 2)}
                      y={y(0) - h}
                      width={bar - 2}
                      height={h}
                      fill={paint.fill}
                      stroke={paint.stroke}
                      strokeWidth={paint.strokeWidth}
                    />
                    {showValues ? (
                      // Inside the top of a tall bar (white on blue), above a short one.
                      <text
                        x={x(barsStart + i * bar + (bar - 2) / 2)}
                        y={h >= 20 ? y(0) - h + 14 : y(0) - h - 4}
                        fontSize="11"
                        textAnchor="middle"
                        fill={h >= 20 ? "#ffffff" : "#0b0c0c"}
                      >
                        {format(value)}
                      </text>
                    ) : null}
                  </g>
                );
              })}
              <text x={x(groupStart + group / 2)} y={PLOT_TOP + PLOT_HEIGHT + 17} fontSize="12" textAnchor="middle">
                {labelLines(label).map((line, n) => (
                  <tspan key={n} x={x(groupStart + group / 2)} dy={n === 0 ? 0 : 14}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          );
        })}
        {target ? (
          <g>
            <line className="target" x1={x(plotStart)} x2={x(plotEnd)} y1={y(target.value)} y2={y(target.value)} />
            {series.length === 1 ? (
              <text
                x={x(plotEnd)}
                y={y(target.value) - 5}
                fontSize="11"
                textAnchor={rtl ? "start" : "end"}
                fill="#b0151f"
              >
                {target.label}
              </text>
            ) : null}
          </g>
        ) : null}
      </svg>
      {legend}
    </figure>
  );
}

/** The table beside a chart: a row per month, a column per series (and any further columns). */
export function FigureTable({
  id,
  caption,
  rowHeader,
  labels,
  columns,
}: {
  id: string;
  caption: string;
  rowHeader: string;
  labels: string[];
  columns: { header: string; cells: string[] }[];
}) {
  return (
    <div className="table-wrap" role="region" aria-labelledby={`${id}-table-caption`} tabIndex={0}>
      <table className="table compact">
        <caption id={`${id}-table-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            {columns.map((c) => (
              <th scope="col" key={c.header} className="numeric">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, row) => (
            <tr key={`${label}-${row}`}>
              <th scope="row">{label}</th>
              {columns.map((c) => (
                <td key={c.header} className="numeric">
                  {/* Isolated, so "3 min" reads the right way round in a right-to-left page. */}
                  <bdi>{c.cells[row]}</bdi>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
