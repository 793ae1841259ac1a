/**
 * Where an applicant still unhappy after the secondary review can go (DOMAIN.md): the Local
 * Government and Social Care Ombudsman, the Independent Office for Police Conduct (formerly the
 * IPCC) and the Housing Ombudsman. Kept on the secondary review and given to the letter as
 * {{ signposting }}.
 */
export const SIGNPOSTING = [
  "You can complain to an independent body:",
  "- about the council: the Local Government and Social Care Ombudsman, www.lgo.org.uk",
  "- about the police: the Independent Office for Police Conduct (formerly the Independent Police Complaints Commission), www.policeconduct.gov.uk",
  "- about a housing association or other social landlord: the Housing Ombudsman, www.housing-ombudsman.org.uk",
  "Each of them will usually expect you to have used the organisation's own complaints procedure first.",
].join("\n");
