import { eServiceSettings } from "~/e-services/module.server";
import { optionalString, variable } from "~/settings/variables";
import { readRiksnormFile } from "./riksnorm-file.server";

/** Riksnorm tables a municipality adds to the shipped ones (the preliminary calculation), read at start-up. */
export const riksnormSettings = eServiceSettings(
  "forsorjningsstod",
  { RIKSNORM_FILE: variable(optionalString, "a path to a JSON file of additional riksnorm tables") },
  (values) => ({ tables: readRiksnormFile(values.RIKSNORM_FILE) }),
);
