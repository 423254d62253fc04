/**
 * The message key of a case's plan card in its channel: one key per case, so every change of the
 * plan updates the one posted card in place instead of posting another.
 */
export const planCardKey = (caseId: string): string => `plan-${caseId}`;
