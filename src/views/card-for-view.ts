// Any domain view as its one card.
import type { View } from "../domain/views.js";
import type { Card } from "./card.js";
import { caseCard } from "./case-card.js";
import { contactCard } from "./contact-card.js";
import { decisionCard } from "./decision-card.js";
import { escalationCard } from "./escalation-card.js";
import { caseloadCard, errorCard, helpCard, reportCard, textCard } from "./message-cards.js";
import { handoverCard, reviewCard } from "./nudge-cards.js";
import { planCard } from "./plan-card.js";
import { planNudgeCard } from "./plan-nudge-card.js";
import { proposalCard } from "./proposal-card.js";

export function cardForView(view: View): Card {
  switch (view.type) {
    case "proposal":
      return proposalCard(view);
    case "decision":
      return decisionCard(view);
    case "escalation":
      return escalationCard(view);
    case "case":
      return caseCard(view);
    case "handover":
      return handoverCard(view);
    case "review":
      return reviewCard(view);
    case "contact":
      return contactCard(view);
    case "plan":
      return planCard(view);
    case "plan-nudge":
      return planNudgeCard(view);
    case "caseload":
      return caseloadCard(view);
    case "report":
      return reportCard(view);
    case "text":
      return textCard(view);
    case "help":
      return helpCard(view);
    case "error":
      return errorCard(view);
  }
}
