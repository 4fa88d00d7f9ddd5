import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { BackLink } from "~/ui/back-link";
import { intlLocale, isLanguageCode } from "~/i18n/languages";
import { CsrfField } from "~/ui/csrf-field";
import { ErrorSummary } from "~/ui/form/error-summary";
import type { DocumentsPageData } from "../documents-step.server";

const ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif";

/**
 * With JavaScript, the upload goes by XMLHttpRequest so a progress bar can follow it; without,
 * the form posts as it is. The server treats both the same.
 */
function useUploadProgress() {
  const [progress, setProgress] = useState<number | null>(null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const hasFiles = [...form.querySelectorAll<HTMLInputElement>('input[type="file"]')].some((i) => i.files?.length);
    if (!hasFiles || typeof XMLHttpRequest === "undefined") return;
    event.preventDefault();
    const data = new FormData(form);
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.name) data.append(submitter.name, submitter.value);
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
    request.onload = () => {
      if (request.status < 400) {
        // Saved: load the page the server redirected to, as any navigation would.
        window.location.assign(request.responseURL);
        return;
      }
      // Refused: show the server's page with its messages as it is (it needs no script).
      document.open();
      document.write(request.responseText);
      document.close();
    };
    request.onerror = () => {
      setProgress(null);
      form.submit();
    };
    setProgress(0);
    request.send(data);
  };
  return { progress, onSubmit };
}

export function DocumentsPage({ page }: { page: DocumentsPageData }) {
  const { t, i18n } = useTranslation([page.serviceId, "intake", "forms"]);
  const ns = page.serviceId;
  const formRef = useRef<HTMLFormElement>(null);
  const { progress, onSubmit } = useUploadProgress();
  const language = isLanguageCode(i18n.language) ? i18n.language : "sv";
  const size = (bytes: number) =>
    `${new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "long" }).format(new Date(iso));
  const missing = page.rules.filter((r) => r.missing);

  return (
    <>
      {page.back ? <BackLink to={page.back} /> : null}
      {missing.length || page.refused.length ? (
        <ErrorSummary>
          {page.refused.map((file, i) => (
            <li key={`r${i}`}>
              <a href="#documents-form">
                {t(`intake:documents.refused.${file.reason}`, { name: file.filename, max: page.limits.maxFileMb })}
              </a>
            </li>
          ))}
          {missing.map((rule) => (
            <li key={rule.id}>
              <a href={`#file-${rule.id}`}>
                {t(`${ns}:documents.${rule.id}.label`)}: {t("intake:documents.missing")}
              </a>
            </li>
          ))}
        </ErrorSummary>
      ) : null}
      <span className="caption">{t(`${ns}:title`)}</span>
      <h1>{t(`${ns}:steps.${page.stepId}.title`)}</h1>
      <p className="lead">{t(`${ns}:steps.${page.stepId}.intro`)}</p>
      <p className="hint">
        {t("intake:documents.limits", { max: page.limits.maxFileMb, files: page.limits.maxFiles })}
      </p>

      <form
        method="post"
        encType="multipart/form-data"
        id="documents-form"
        ref={formRef}
        onSubmit={onSubmit}
        noValidate
      >
        <CsrfField />
        {page.returnToReview ? <input type="hidden" name="returnToReview" value="1" /> : null}
        {page.rules.map((rule) => (
          <div className={`form-group${rule.missing ? " form-group-error" : ""}`} key={rule.id}>
            <fieldset className="fieldset" aria-describedby={`hint-${rule.id}`}>
              <legend className="legend">
                {t(`${ns}:documents.${rule.id}.label`)}
                {rule.optional ? <span className="optional"> {t("forms:optional")}</span> : null}
              </legend>
              <div className="hint" id={`hint-${rule.id}`}>
                {t(`${ns}:documents.${rule.id}.hint`)}
              </div>
              {rule.missing ? <p className="error-message">{t("intake:documents.missing")}</p> : null}
              {rule.files.length ? (
                <ul className="items" aria-label={t("intake:documents.uploaded")}>
                  {rule.files.map((file) => (
                    <li key={file.id}>
                      <span>
                        {file.filename} <span className="secondary">({size(file.size)})</span>
                      </span>
                      <button type="submit" name="remove" value={file.id} className="link-button">
                        {t("forms:repeat.remove")}
                        <span className="visually-hidden"> {file.filename}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              ) : null}
              <label htmlFor={`file-${rule.id}`} className="label">
                {t(rule.files.length ? "intake:documents.addMore" : "intake:documents.choose")}
              </label>
              <input
                type="file"
                id={`file-${rule.id}`}
                name={`file-${rule.id}`}
                multiple
                accept={ACCEPT}
                className="file-input"
              />
              {rule.reuseOptions.length || !rule.optional ? (
                <div className="radios choices-after-upload">
                  {rule.reuseOptions.map((option) => (
                    <div className="choice" key={option.reference}>
                      <input
                        type="radio"
                        id={`reuse-${rule.id}-${option.reference}`}
                        name={`choice-${rule.id}`}
                        value={`reuse:${option.reference}`}
                        defaultChecked={rule.choice === `reuse:${option.reference}`}
                      />
                      <label htmlFor={`reuse-${rule.id}-${option.reference}`}>
                        {t("intake:documents.reuse", { date: date(option.date), reference: option.reference })}
                      </label>
                    </div>
                  ))}
                  {!rule.optional ? (
                    <div className="choice">
                      <input
                        type="radio"
                        id={`later-${rule.id}`}
                        name={`choice-${rule.id}`}
                        value="later"
                        defaultChecked={rule.choice === "later"}
                      />
                      <label htmlFor={`later-${rule.id}`}>{t("intake:documents.later")}</label>
                    </div>
                  ) : null}
                </div>
              ) : null}
            </fieldset>
          </div>
        ))}
        {progress !== null ? (
          <div className="form-group" role="status">
            <label htmlFor="upload-progress" className="label">
              {t("intake:documents.uploading", { percent: progress })}
            </label>
            <progress id="upload-progress" max={100} value={progress} />
          </div>
        ) : null}
        <div className="button-group">
          <button type="submit" name="intent" value="upload" className="button secondary-button">
            {t("intake:documents.upload")}
          </button>
          <button type="submit" name="intent" value="continue" className="button">
            {t("forms:continue")}
          </button>
        </div>
      </form>
    </>
  );
}
