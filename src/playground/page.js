// The playground page: a small stand-in for the Teams client. It shows each conversation's
// transcript as the playground channel recorded it, renders cards with the official Adaptive
// Cards renderer, sends Action.Execute presses back as invokes, and — like Teams — asks the bot
// for the current person's own view of a card whose `refresh.userIds` include them.
/* global AdaptiveCards */
"use strict";

const $ = (selector) => document.querySelector(selector);
const PARTS = { TAF: "Team Around the Family", "line manager": "Line managers" };

const state = {
  person: sessionStorage.getItem("pg-person") || "sam",
  conversation: sessionStorage.getItem("pg-conversation") || null,
  people: [],
  conversations: [],
  revision: -1,
  /** conversation id → last seq seen while it was open */
  seen: {},
  /** `${person}|${messageId}` → { version, card } : a person's own view of a card (refresh or button answer) */
  views: {},
  refreshing: new Set(),
  /** bumped for every stored view, so a redrawn card is told apart from the one before */
  viewCount: 0,
  messages: [],
  ready: false,
};

async function api(path, body) {
  const res = await fetch(`/playground/api${path}`, body === undefined ? undefined : {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.error || json.message || `${res.status} ${res.statusText}`);
  return json;
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const markdown = (text) =>
  escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\n/g, "<br>");

AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdown(text);
  result.didProcess = true;
};

const me = () => state.people.find((p) => p.handle === state.person);
const viewKey = (message) => `${state.person}|${message.id}`;
const timeOf = (iso) => new Date(iso).toLocaleString("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

function toast(text) {
  const el = document.createElement("div");
  el.className = "toast";
  el.textContent = text;
  document.body.append(el);
  setTimeout(() => el.remove(), 6000);
}

function showStatus(text, isError) {
  const el = $("#status");
  el.hidden = !text;
  el.textContent = text || "";
  el.classList.toggle("error", Boolean(isError));
}

// ---------------------------------------------------------------------------------------------
// Header, people and conversations

function renderPeople() {
  const select = $("#person");
  if (select.options.length === 0) {
    const groups = new Map();
    for (const p of state.people) {
      const label = PARTS[p.part] || "Access team, co-ordinator, executive group";
      if (!groups.has(label)) groups.set(label, []);
      groups.get(label).push(p);
    }
    for (const [label, people] of groups) {
      const group = document.createElement("optgroup");
      group.label = label;
      for (const p of people) group.append(new Option(`${p.name} (@${p.handle})`, p.handle));
      select.append(group);
    }
  }
  select.value = state.person;
  const p = me();
  const manager = p && p.manager && state.people.find((x) => x.handle === p.manager);
  $("#person-info").textContent = p ? `${p.role.replace(/-/g, " ")}, ${p.agency} · ${p.part}${manager ? ` · line manager ${manager.name}` : ""}` : "";
}

function renderSidebar() {
  const item = (c, label, sub) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.conversation = c.id;
    button.dataset.key = c.kind === "personal" ? c.owner : c.name.replace(/^#/, "");
    button.classList.toggle("open", c.id === state.conversation);
    const unseen = c.lastSeq > (state.seen[c.id] ?? 0) && c.id !== state.conversation;
    button.innerHTML = `<span>${escapeHtml(label)}${sub ? ` <small>${escapeHtml(sub)}</small>` : ""}</span>${unseen ? '<span class="new">●</span>' : ""}`;
    button.addEventListener("click", () => openConversation(c));
    li.append(button);
    return li;
  };
  $("#channels").replaceChildren(...state.conversations.filter((c) => c.kind === "channel").map((c) => item(c, c.name)));
  $("#chats").replaceChildren(
    ...state.conversations
      .filter((c) => c.kind === "personal")
      .map((c) => item(c, c.name, state.people.find((p) => p.handle === c.owner)?.part)),
  );
}

function renderClock(clock) {
  $("#clock-now").textContent = clock.text;
  const ahead = clock.aheadHours > 0 ? ` · ${clock.aheadHours} h ahead of real time` : "";
  $("#clock-note").textContent = `${clock.workingHours ? "working hours" : "outside working hours"}${ahead}`;
  for (const b of document.querySelectorAll("#clock button")) b.disabled = !clock.movable || !state.ready;
}

function renderSchedule(schedule) {
  $("#schedule").replaceChildren(
    ...(schedule.length ? schedule : [null]).map((d) => {
      const li = document.createElement("li");
      li.textContent = d ? `${d.kind.replace(/-/g, " ")} · ${d.caseRef} · ${d.fires}` : "Nothing scheduled";
      return li;
    }),
  );
}

function conversationTitle() {
  const c = state.conversations.find((x) => x.id === state.conversation);
  if (!c) return "";
  const p = me();
  const title = c.kind === "channel" ? `${escapeHtml(c.name)} <small>channel — mention-free: just type the command</small>` : `${escapeHtml(c.name)}'s chat with leadbot`;
  return `${title} <small>you are ${escapeHtml(p ? p.name : "?")}</small>`;
}

function openConversation(c) {
  // A personal chat is only ever seen by its owner: opening one means acting as them.
  if (c.kind === "personal" && c.owner !== state.person) setPerson(c.owner, false);
  state.conversation = c.id;
  sessionStorage.setItem("pg-conversation", c.id);
  $("#conversation-title").innerHTML = conversationTitle();
  renderSidebar();
  void loadTranscript(true);
}

function setPerson(handle, reload = true) {
  state.person = handle;
  sessionStorage.setItem("pg-person", handle);
  renderPeople();
  const current = state.conversations.find((c) => c.id === state.conversation);
  // Someone else's personal chat is not yours to read: switch to your own.
  if (current && current.kind === "personal" && current.owner !== handle) {
    const own = state.conversations.find((c) => c.kind === "personal" && c.owner === handle);
    if (own) state.conversation = own.id;
  }
  $("#conversation-title").innerHTML = conversationTitle();
  renderSidebar();
  if (reload) void loadTranscript(true);
}

// ---------------------------------------------------------------------------------------------
// Transcript and cards

async function loadTranscript(scroll) {
  if (!state.conversation) return;
  const id = state.conversation;
  const { messages } = await api(`/transcript?conversation=${encodeURIComponent(id)}`);
  if (id !== state.conversation) return;
  const grew = messages.length !== state.messages.length;
  if (state.messages.length && messages[0]?.id !== state.messages[0]?.id) drawn = new Map();
  state.messages = messages;
  state.seen[id] = messages.at(-1)?.seq ?? 0;
  renderMessages(scroll || grew);
  renderSidebar();
}

/** message id → { sig, el }: a message is drawn again only when it or the person's view of it changed,
 *  so an opened "Object…" form keeps what was typed while other messages arrive. */
let drawn = new Map();

/** A card with a form open ("Object…") or an input in use: redrawing it would lose what is typed. */
const busy = (el) => el.querySelector('[aria-expanded="true"]') !== null || (el.contains(document.activeElement) && /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName));

function signature(message) {
  const own = state.views[viewKey(message)];
  return `${state.person}|${message.version}|${own ? `${own.version}:${own.n}` : "-"}`;
}

function renderMessages(scroll) {
  const box = $("#messages");
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const wanted = state.messages.map((message) => {
    const sig = signature(message);
    const known = drawn.get(message.id);
    if (known && known.sig === sig) return known.el;
    // Someone is filling in a form on this card ("Object…" opened): keep it until they send it.
    if (known && !known.sent && known.el.isConnected && known.sig.startsWith(`${state.person}|`) && busy(known.el)) return known.el;
    const el = renderMessage(message);
    if (known && known.el.isConnected) known.el.replaceWith(el);
    drawn.set(message.id, { sig, el });
    return el;
  });
  wanted.forEach((el, i) => {
    if (box.children[i] !== el) box.insertBefore(el, box.children[i] ?? null);
  });
  while (box.children.length > wanted.length) box.lastElementChild.remove();
  if (scroll || nearBottom) box.scrollTop = box.scrollHeight;
}

function renderMessage(message) {
  const el = document.createElement("div");
  el.className = `message ${message.fromBot ? "bot" : "user"}`;
  el.dataset.id = message.id;
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.innerHTML = `${escapeHtml(message.from.name)} · ${escapeHtml(timeOf(message.at))}${message.version > 1 ? '<span class="updated">updated</span>' : ""}`;
  el.append(meta);
  if (message.text) {
    const text = document.createElement("div");
    text.className = "text";
    text.innerHTML = markdown(message.text);
    el.append(text);
  }
  if (message.card) {
    const own = state.views[viewKey(message)];
    let card = message.card;
    if (own && own.version === message.version && own.card) {
      card = own.card;
      meta.insertAdjacentHTML("beforeend", '<span class="view">your view</span>');
    } else if (!own || own.version !== message.version) {
      const refresh = message.card.refresh;
      const p = me();
      if (refresh && refresh.action && Array.isArray(refresh.userIds) && p && refresh.userIds.includes(p.teamsId)) void refreshFor(message);
    }
    el.append(renderCard(card, message));
  }
  return el;
}

function renderCard(json, message) {
  const holder = document.createElement("div");
  holder.className = "card";
  const card = new AdaptiveCards.AdaptiveCard();
  card.onExecuteAction = (action) => void onAction(action, message);
  try {
    card.parse(json);
    holder.append(card.render());
  } catch (error) {
    holder.textContent = `Could not render this card: ${error.message}`;
  }
  return holder;
}

/** Teams asks the bot for a person's own view when the card's refresh lists them. */
async function refreshFor(message) {
  const key = viewKey(message);
  if (state.refreshing.has(key)) return;
  state.refreshing.add(key);
  const action = message.card.refresh.action;
  try {
    const answer = await api("/invoke", { as: state.person, conversation: state.conversation, activityId: message.id, verb: action.verb, data: action.data || {}, trigger: "automatic" });
    state.views[key] = { version: message.version, card: answer.card, n: ++state.viewCount };
  } catch (error) {
    state.views[key] = { version: message.version, card: null, n: ++state.viewCount };
    toast(`Could not refresh the card: ${error.message}`);
  } finally {
    state.refreshing.delete(key);
  }
  renderMessages(false);
}

async function onAction(action, message) {
  if (!(action instanceof AdaptiveCards.ExecuteAction) && !(action instanceof AdaptiveCards.SubmitAction)) return;
  const data = action.data || {};
  const verb = action.verb || data.verb;
  // The form has been sent: the card may be drawn again whatever is open on it.
  const known = drawn.get(message.id);
  if (known) known.sent = true;
  try {
    const answer = await api("/invoke", { as: state.person, conversation: state.conversation, activityId: message.id, verb, data, trigger: "manual" });
    // The answer replaces the card for this person only, as Teams shows it.
    state.views[viewKey(message)] = { version: message.version, card: answer.card, n: ++state.viewCount };
  } catch (error) {
    toast(error.message);
  }
  await loadTranscript(false);
  renderMessages(false);
}

// ---------------------------------------------------------------------------------------------
// Commands, clock, polling

function renderHints(demoCase) {
  const hints = ["help", "whoami", `case status ${demoCase}`, `propose ${demoCase} @hana Knows the family best --family agrees`, `review set ${demoCase} in 10 working days`, "caseload"];
  $("#hints").replaceChildren(
    ...hints.map((h) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = `/lead ${h}`;
      b.addEventListener("click", () => {
        $("#text").value = `/lead ${h}`;
        $("#text").focus();
      });
      return b;
    }),
  );
}

$("#composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("#text");
  const text = input.value.trim();
  if (!text || !state.conversation) return;
  input.disabled = true;
  try {
    await api("/send", { as: state.person, conversation: state.conversation, text });
    input.value = "";
  } catch (error) {
    toast(error.message);
  } finally {
    input.disabled = false;
    input.focus();
  }
  await loadTranscript(true);
});

$("#person").addEventListener("change", (event) => setPerson(event.target.value));

for (const button of document.querySelectorAll("#clock button")) {
  button.addEventListener("click", async () => {
    for (const b of document.querySelectorAll("#clock button")) b.disabled = true;
    try {
      const result = await api("/clock", { step: button.dataset.step });
      const fired = result.fired.filter((f) => f.acted).map((f) => `${f.kind.replace(/-/g, " ")} (${f.caseRef})`);
      toast(fired.length ? `Fired: ${fired.join(", ")}` : "Nothing was due.");
    } catch (error) {
      toast(error.message);
    }
    await poll(true);
  });
}

let polling = false;
async function poll(force) {
  if (polling && !force) return;
  polling = true;
  try {
    const s = await api("/state");
    state.ready = s.ready;
    showStatus(s.error || (s.ready ? "" : "Setting up the demo deployment…"), Boolean(s.error));
    if (state.people.length === 0) {
      state.people = s.people;
      renderHints(s.demoCase);
      // What was there before the page opened is not news.
      for (const c of s.conversations) state.seen[c.id] = c.lastSeq;
    }
    state.conversations = s.conversations;
    if (!state.conversation || !s.conversations.some((c) => c.id === state.conversation)) state.conversation = s.conversations[0]?.id ?? null;
    renderPeople();
    renderClock(s.clock);
    renderSchedule(s.schedule);
    $("#conversation-title").innerHTML = conversationTitle();
    if (s.revision !== state.revision) {
      state.revision = s.revision;
      await loadTranscript(false);
    } else {
      renderMessages(false); // draws a card held back while its form was open, once it is closed
    }
    renderSidebar();
  } catch (error) {
    showStatus(`The playground server does not answer: ${error.message}`, true);
  } finally {
    polling = false;
  }
}

void poll(true);
setInterval(() => void poll(false), 1000);
