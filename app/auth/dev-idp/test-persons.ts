import type { StaffRole } from "../staff-roles";

/**
 * The people the embedded test identity provider can log in as. Their numbers pass every
 * check a real personnummer does but belong to no one; they are for testing only.
 */
export interface TestResident {
  id: string;
  pnr: string;
  givenName: string;
  familyName: string;
  /** What a tester uses this person for, in Swedish and English. */
  role: { sv: string; en: string };
  protectedIdentity?: boolean;
}

export interface TestStaff {
  id: string;
  givenName: string;
  familyName: string;
  roles: StaffRole[];
  role: { sv: string; en: string };
}

export const testResidents: TestResident[] = [
  {
    id: "anna",
    pnr: "198503129820",
    givenName: "Anna",
    familyName: "Andersson",
    role: { sv: "Sökande, försörjningsstöd", en: "Applicant, income support" },
  },
  {
    id: "bengt",
    pnr: "198707049832",
    givenName: "Bengt",
    familyName: "Andersson",
    role: { sv: "Medsökande, samma hushåll som Anna", en: "Co-applicant, same household as Anna" },
  },
  {
    id: "cecilia",
    pnr: "199002159847",
    givenName: "Cecilia",
    familyName: "Carlsson",
    role: { sv: "Förälder, separerad från David", en: "Parent, separated from David" },
  },
  {
    id: "david",
    pnr: "199209189852",
    givenName: "David",
    familyName: "Dahl",
    role: { sv: "Förälder, separerad från Cecilia", en: "Parent, separated from Cecilia" },
  },
  {
    id: "eva",
    pnr: "197501019868",
    givenName: "Eva",
    familyName: "Ek",
    role: { sv: "Skyddade personuppgifter", en: "Protected personal data" },
    protectedIdentity: true,
  },
  {
    id: "fatima",
    pnr: "198805059824",
    givenName: "Fatima",
    familyName: "Farah",
    role: { sv: "Lärare på Exempelskolan (anmäler i tjänsten)", en: "Teacher at Exempelskolan (reports at work)" },
  },
  {
    id: "gustav",
    pnr: "197010632391",
    givenName: "Gustav",
    familyName: "Gran",
    role: { sv: "Samordningsnummer", en: "Coordination number (samordningsnummer)" },
  },
  {
    id: "hanna",
    pnr: "198206209804",
    givenName: "Hanna",
    familyName: "Hansson",
    role: { sv: "Privatperson, granne", en: "Private person, neighbour" },
  },
];

export const testStaff: TestStaff[] = [
  {
    id: "sara",
    givenName: "Sara",
    familyName: "Sjöberg",
    roles: ["mottagning-barn-unga"],
    role: { sv: "Mottagning barn och unga", en: "Intake, children and young people" },
  },
  {
    id: "viktor",
    givenName: "Viktor",
    familyName: "Vik",
    roles: ["mottagning-vuxna"],
    role: { sv: "Mottagning vuxna", en: "Intake, adults" },
  },
  {
    id: "elin",
    givenName: "Elin",
    familyName: "Ekholm",
    roles: ["ekonomiskt-bistand"],
    role: { sv: "Ekonomiskt bistånd", en: "Financial assistance" },
  },
  {
    id: "frida",
    givenName: "Frida",
    familyName: "Falk",
    roles: ["familjeratt"],
    role: { sv: "Familjerätt", en: "Family law" },
  },
  {
    id: "rasmus",
    givenName: "Rasmus",
    familyName: "Rask",
    roles: ["skyddad", "mottagning-barn-unga", "mottagning-vuxna"],
    role: { sv: "Skyddade ärenden och mottagning", en: "Restricted items and intake" },
  },
  {
    id: "alva",
    givenName: "Alva",
    familyName: "Adolfsson",
    roles: ["administrator"],
    role: { sv: "Administratör", en: "Administrator" },
  },
];
