// First setup from Teams, through real Bot Framework activities: six people message leadbot's
// `practitioner add @me` at once on an empty deployment; only the Azure AD object id named in
// LEADBOT_BOOTSTRAP_ADMIN ends up registered (in the access team), and everyone is answered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActivityFactory, personalChat, startHarness, teamsUser, type Conversation, type Harness, type TeamsUser } from "./teams-harness.js";

const first = teamsUser("Ada First");
const others = [teamsUser("Ben Other"), teamsUser("Cat Other"), teamsUser("Dan Other")];
let h: Harness;
let make: ActivityFactory;

beforeAll(async () => {
  h = await startHarness({ LEADBOT_BOOTSTRAP_ADMIN: first.aad });
  make = new ActivityFactory(h.serviceUrl);
});

afterAll(async () => {
  await h?.close();
});

const selfRegister = (user: TeamsUser, chat: Conversation, n: number) =>
  h.post(make.message(user, chat, `practitioner add <at>${user.name}</at> --handle t.first.${n}.${user.aad.slice(0, 8)} --name "${user.name}" --role manager --agency "Early Help Hub"`, [user]));

describe("Teams: first setup on an empty deployment", () => {
  it("six simultaneous self-registrations give exactly the configured person; the rest are told why", async () => {
    const chats = new Map<TeamsUser, Conversation>([first, ...others].map((u) => [u, personalChat()]));
    const mark = h.connector.mark();
    const answers = await Promise.all([
      selfRegister(first, chats.get(first)!, 1),
      selfRegister(others[0]!, chats.get(others[0]!)!, 2),
      selfRegister(first, chats.get(first)!, 3),
      selfRegister(others[1]!, chats.get(others[1]!)!, 4),
      selfRegister(first, chats.get(first)!, 5),
      selfRegister(others[2]!, chats.get(others[2]!)!, 6),
    ]);
    for (const a of answers) expect(a.status).toBe(200);
    await h.delivered();
    const rows = await h.services.prisma.practitioner.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ teamsAadId: first.aad, accessTeam: true });
    const said = (u: TeamsUser) => JSON.stringify(h.connector.since(mark).filter((c) => c.conversationId === chats.get(u)!.id).map((c) => c.activity));
    for (const u of others) expect(said(u)).toMatch(/only they can register first|Only the access team can register/);
    expect(said(first)).toMatch(/Registered Ada First/);
  });
});
