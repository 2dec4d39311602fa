/** Why a message is reported: shared by the server and the messenger's report dialog. */
export const REPORT_REASONS = ["spam", "abuse", "illegal", "other"] as const;
export type ReportReason = typeof REPORT_REASONS[number];
