/** The end every letter shares: where to turn in danger, that reporting goes on, and who signs. */
export function closing(partnershipName: string, keepReporting = "Please keep reporting anti-social behaviour"): string[] {
  return [
    `If you are in danger, call 999. ${keepReporting}: to the police on 101 or online, and to your council or landlord.`,
    "",
    "Yours sincerely,",
    partnershipName,
  ];
}
