import type { TestResident, TestStaff } from "./test-persons";

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – testinloggning</title><link rel="stylesheet" href="/dev-idp/assets/dev-idp.css"></head>
<body><main>${body}</main></body></html>`;
}

const warning = `<p class="warning">Det här är en <strong>testinloggning</strong> som bara finns när portalen körs för utveckling och test.
Ingen riktig e-legitimation används. <span lang="en">This is a test login for development only.</span></p>`;

/** The person picker: shipped test persons, or (for residents) any typed test number. */
export function loginPage(
  uid: string,
  kind: "resident" | "staff",
  persons: (TestResident | TestStaff)[],
  error?: string,
): string {
  const options = persons
    .map(
      (
        p,
        i,
      ) => `<div class="option"><input type="radio" name="person" id="p-${p.id}" value="${p.id}"${i === 0 ? " checked" : ""}>
<label for="p-${p.id}">${escape(p.givenName)} ${escape(p.familyName)}${"pnr" in p ? ` <span class="ltr">${p.pnr.slice(0, 8)}-${p.pnr.slice(8)}</span>` : ""}
<span class="hint">${escape(p.role.sv)}</span></label></div>`,
    )
    .join("");
  const typed =
    kind === "resident"
      ? `<div class="option"><input type="radio" name="person" id="p-typed" value="typed">
<label for="p-typed">Ett annat testpersonnummer<span class="hint">Skriv numret nedan</span></label></div>
<label for="pnr">Testpersonnummer (ÅÅÅÅMMDD-NNNN)</label>
<input type="text" id="pnr" name="pnr" inputmode="numeric" autocomplete="off" maxlength="20">`
      : "";
  return page(
    "Välj testperson",
    `<span class="badge">BankID – test</span>
<h1>${kind === "resident" ? "Logga in med e-legitimation" : "Logga in som medarbetare"}</h1>
${warning}
${error ? `<p class="warning" role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/dev-idp/interaction/${escape(uid)}">
<fieldset><legend>Vem vill du logga in som?</legend>${options}${typed}</fieldset>
<div class="actions"><button type="submit" name="action" value="login">Logga in</button>
<button type="submit" name="action" value="cancel" class="secondary">Avbryt</button></div>
</form>`,
  );
}

export function logoutPage(form: string): string {
  return page(
    "Logga ut",
    `<span class="badge">BankID – test</span><h1>Logga ut från testinloggningen</h1>${warning}${form}
<div class="actions"><button type="submit" form="op.logoutForm" name="logout" value="yes">Logga ut</button></div>`,
  );
}

export function errorPage(message: string): string {
  return page(
    "Något gick fel",
    `<h1>Något gick fel i testinloggningen</h1><p>${escape(message)}</p><p><a href="/">Till startsidan</a></p>`,
  );
}
