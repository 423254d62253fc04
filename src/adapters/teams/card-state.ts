// Read-only look-ups a Teams card needs besides its view model: who may press which button
// (the proposal's electorate and nominee, the escalation's deciders), their AAD ids, and the
// current view of a proposal or escalation named by a card action. Views are built by the
// domain's own presenters, so a card always shows what the domain would.
import { randomUUID } from "node:crypto";
import { calendarFor, UseCaseContext } from "../../domain/context.js";
import { escalationView } from "../../domain/escalation/start-escalation.js";
import type { Clock, Repositories, UnitOfWork } from "../../domain/ports.js";
import { buildProposalView } from "../../domain/presenters/proposal-view.js";
import type { EscalationView, PersonView, ProposalView } from "../../domain/views.js";

export interface ProposalState {
  view: ProposalView;
  caseId: string;
  open: boolean;
  electorate: string[];
  nomineeId: string | null;
  /** Who may chase the vote with Remind: its proposer and the case's lead professional. */
  organiserIds: string[];
  /** practitioner id → AAD object id, for the electorate members who use Teams. */
  teamsIds: Map<string, string>;
}

export interface EscalationState {
  view: EscalationView;
  caseId: string;
  open: boolean;
  deciderIds: string[];
  teamsIds: Map<string, string>;
  /** The TAF, offered to a decider who appoints a lead professional from the card. */
  taf: PersonView[];
}

async function contextFor(repos: Repositories, clock: Clock): Promise<UseCaseContext> {
  const settings = await repos.settings.get();
  return new UseCaseContext(repos, null, "system", null, null, clock.now(), settings, calendarFor(settings), { next: () => randomUUID() });
}

async function teamsIdsOf(repos: Repositories, ids: readonly string[]): Promise<Map<string, string>> {
  const people = await repos.practitioners.getMany(ids);
  return new Map(people.flatMap((p) => (p.chat.teams ? [[p.id, p.chat.teams] as const] : [])));
}

export class CardState {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async practitionerIdOf(aadObjectId: string): Promise<string | null> {
    return this.uow.run(async (repos) => (await repos.practitioners.findByChatId("teams", aadObjectId))?.id ?? null);
  }

  async practitionerHandle(practitionerId: string): Promise<string | null> {
    return this.uow.run(async (repos) => (await repos.practitioners.get(practitionerId))?.handle ?? null);
  }

  async proposal(proposalId: string): Promise<ProposalState | null> {
    return this.uow.run(async (repos) => {
      const proposal = await repos.proposals.get(proposalId);
      const c = proposal ? await repos.cases.get(proposal.caseId) : null;
      if (!proposal || !c) return null;
      const ctx = await contextFor(repos, this.clock);
      return {
        view: await buildProposalView(ctx, c, proposal),
        caseId: c.id,
        open: proposal.state === "open",
        electorate: proposal.electorate,
        nomineeId: proposal.nomineeId,
        organiserIds: [proposal.proposerId, ...(c.leadId ? [c.leadId] : [])],
        teamsIds: await teamsIdsOf(repos, proposal.electorate),
      };
    });
  }

  async escalation(escalationId: string): Promise<EscalationState | null> {
    return this.uow.run(async (repos) => {
      const escalation = await repos.escalations.get(escalationId);
      const c = escalation ? await repos.cases.get(escalation.caseId) : null;
      if (!escalation || !c) return null;
      const ctx = await contextFor(repos, this.clock);
      const members = await repos.practitioners.getMany(await repos.taf.members(c.id));
      return {
        view: await escalationView(ctx, c, escalation),
        caseId: c.id,
        open: escalation.state === "open",
        deciderIds: escalation.deciderIds,
        teamsIds: await teamsIdsOf(repos, escalation.deciderIds),
        taf: members.map((p) => ({ id: p.id, name: p.name, role: p.role, agency: p.agency })),
      };
    });
  }
}
