import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { services } from "~/e-services/registry.server";
import { queueNames } from "~/intake/definition";
import { robotErrorCodes } from "~/queue/robot-errors";
import { robotOperations, type RobotTag } from "~/queue/robot-openapi.server";

export const handle = { i18n: ["robot"], title: "robot:title" };

const BASE = "/api/robot/v1";
const tagOrder: RobotTag[] = ["queue", "items", "writeBack", "documentation"];
const requestNames: Record<string, string> = {
  claimItems: "ClaimRequest",
  extendLease: "LeaseRequest",
  completeItem: "CompleteRequest",
  postponeItem: "PostponeRequest",
  failItem: "FailRequest",
  postMessage: "MessageRequest",
  postStatus: "StatusRequest",
};

/** The robot API's documentation, drawn from the same operations as its OpenAPI document. */
export function loader() {
  return {
    schemas: services.map((s) => ({ id: s.id, version: s.version, href: `${BASE}/schemas/${s.id}/${s.version}` })),
    queues: [...queueNames],
    groups: tagOrder.map((tag) => ({
      tag,
      operations: robotOperations
        .filter((op) => op.tag === tag)
        .map((op) => {
          const byStatus = new Map<number, string[]>();
          for (const code of op.errors) {
            const status = robotErrorCodes[code];
            byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
          }
          return {
            id: op.operationId,
            method: op.method.toUpperCase(),
            path: `${BASE}${op.path}`,
            auth: op.auth,
            request: requestNames[op.operationId] ?? null,
            success: op.success.status,
            replayed: op.alsoSuccess?.status ?? null,
            errors: [...byStatus].sort(([a], [b]) => a - b).map(([status, codes]) => ({ status, codes })),
          };
        }),
    })),
    errors: Object.entries(robotErrorCodes).map(([code, status]) => ({ code, status })),
  };
}

export default function RobotApiPage() {
  const { t } = useTranslation("robot");
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <p>
        <a href={`${BASE}/openapi.json`}>{t("machineReadable")}</a>
      </p>

      <h2>{t("authHeading")}</h2>
      <p>{t("auth")}</p>
      <p>{t("mtls")}</p>

      <h2>{t("flowHeading")}</h2>
      <ol>
        {(t("flow", { returnObjects: true }) as string[]).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>

      <h2>{t("queuesHeading")}</h2>
      <p>{t("queues")}</p>
      <ul>
        {data.queues.map((queue) => (
          <li key={queue}>
            <code className="ltr">{queue}</code>
          </li>
        ))}
      </ul>

      <h2>{t("schemasHeading")}</h2>
      <p>{t("schemasIntro")}</p>
      <ul>
        {data.schemas.map((schema) => (
          <li key={schema.id}>
            <a href={schema.href}>{t("schemaLink", { service: schema.id, version: schema.version })}</a>
          </li>
        ))}
      </ul>

      <h2>{t("endpointsHeading")}</h2>
      {data.groups.map((group) => (
        <section key={group.tag} aria-labelledby={`tag-${group.tag}`}>
          <h3 id={`tag-${group.tag}`}>{t(`tags.${group.tag}`)}</h3>
          {group.operations.map((op) => (
            <article key={op.id} aria-labelledby={`op-${op.id}`}>
              <h4 id={`op-${op.id}`}>
                <code className="ltr">
                  {op.method} {op.path}
                </code>
              </h4>
              <p>{t(`operations.${op.id}`)}</p>
              {op.auth ? null : <p>{t("public")}</p>}
              {op.request ? (
                <p>
                  {t("requestBody")}: <code className="ltr">{op.request}</code>
                </p>
              ) : null}
              <table className="table">
                <caption>{t("responses")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("status")}</th>
                    <th scope="col">{t("meaning")}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>{op.success}</td>
                    <td>{t("success")}</td>
                  </tr>
                  {op.replayed ? (
                    <tr>
                      <td>{op.replayed}</td>
                      <td>{t("replayed")}</td>
                    </tr>
                  ) : null}
                  {op.errors.map((e) => (
                    <tr key={e.status}>
                      <td>{e.status}</td>
                      <td>
                        {e.codes.map((code, i) => (
                          <span key={code}>
                            {i > 0 ? ", " : null}
                            <code className="ltr">{code}</code>
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          ))}
        </section>
      ))}

      <h2>{t("errorsHeading")}</h2>
      <p>{t("errorsIntro")}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("code")}</th>
            <th scope="col">{t("status")}</th>
            <th scope="col">{t("meaning")}</th>
          </tr>
        </thead>
        <tbody>
          {data.errors.map((e) => (
            <tr key={e.code}>
              <td>
                <code className="ltr">{e.code}</code>
              </td>
              <td>{e.status}</td>
              <td>{t(`errors.${e.code}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
