// The keys of messages that are kept true once posted (Notification.messageKey): every card whose
// state can change after it was sent is posted under one of these, so the change can update each
// copy in place. A key below another ("escalation-<id>/L2") is reached by an update of the one
// above ("escalation-<id>"). Keys never hold "@": a copy is recorded as "<key>@<destination>".

/** The proposal card in the case channel. */
export const proposalKey = (proposalId: string): string => `proposal-${proposalId}`;

/**
 * The nominee's own Accept / Decline card. Not below proposalKey: it shows the proposal its own
 * way, so an update of the channel's card must not reach it.
 */
export const nominationKey = (proposalId: string): string => `nomination-${proposalId}`;

/** Every card about one escalation: the alerts of each level and their repeats. */
export const escalationKey = (escalationId: string): string => `escalation-${escalationId}`;

/** The alert of one level, to its deciders, the case channel and the access team. */
export const escalationLevelKey = (escalationId: string, level: number): string => `${escalationKey(escalationId)}/L${level}`;

/** One repeat of an escalation's alert, by the deadline that sent it. */
export const escalationRepeatKey = (escalationId: string, deadlineKey: string): string => `${escalationKey(escalationId)}/${deadlineKey}`;

/** Every card that shows a case's next review: the review set / done cards and the review reminders. */
export const reviewCardsKey = (caseId: string): string => `review-${caseId}`;

/** One card under reviewCardsKey, named by what sent it (a deadline key, or an event and its moment). */
export const reviewCardKey = (caseId: string, name: string): string => `${reviewCardsKey(caseId)}/${name}`;

/** Every handover reminder of one handover. */
export const handoverCardsKey = (handoverId: string): string => `handover-${handoverId}`;

/** One handover reminder, by the deadline that sent it. */
export const handoverCardKey = (handoverId: string, deadlineKey: string): string => `${handoverCardsKey(handoverId)}/${deadlineKey}`;

/** Every nudge about one plan action: its reminders and overdue alerts, to whoever they went. */
export const planNudgesKey = (actionId: string): string => `plan-nudge-${actionId}`;

/** One nudge about a plan action, by the deadline that sent it. */
export const planNudgeKey = (actionId: string, deadlineKey: string): string => `${planNudgesKey(actionId)}/${deadlineKey}`;
