import type { Municipality } from "./municipality";

/**
 * The fictional municipality the portal runs as until MUNICIPALITY_FILE names a real one.
 * Phone numbers are from the range PTS reserves for fiction (08-465 05 00–99).
 */
export const exempelkommunen: Municipality = {
  name: "Exempelkommunen",
  committee: "Socialnämnden i Exempelkommunen",
  logo: { src: "/logo.svg" },
  timeZone: "Europe/Stockholm",
  contact: {
    phone: "08-465 05 00",
    email: "socialtjansten@exempelkommunen.example",
    postalAddress: "Exempelkommunen, Socialtjänsten, Box 100, 111 11 Exempelstad",
    visitingAddress: "Storgatan 1, Exempelstad",
  },
  officeHours: [
    { days: [1, 2, 3, 4, 5], opens: "08:00", closes: "12:00" },
    { days: [1, 2, 3, 4, 5], opens: "13:00", closes: "16:30" },
  ],
  socialjour: { phone: "08-465 05 10" },
  units: [
    { id: "backens-forskola", name: "Backens förskola", type: "forskola" },
    { id: "solrosens-forskola", name: "Solrosens förskola", type: "forskola" },
    { id: "exempelskolan", name: "Exempelskolan F–6", type: "skola" },
    { id: "ekbackeskolan", name: "Ekbackeskolan 7–9", type: "skola" },
    { id: "gymnasiet", name: "Exempelstads gymnasium", type: "skola" },
    { id: "exempelskolans-fritidshem", name: "Exempelskolans fritidshem", type: "fritidshem" },
  ],
  dataProtectionOfficer: { email: "dataskyddsombud@exempelkommunen.example" },
  accessibility: {
    reviewed: "2026-11-27",
    feedbackEmail: "tillganglighet@exempelkommunen.example",
  },
};
