// The playground page: a small stand-in for the Teams client, and for Slack's. It shows each
// conversation's transcript as the playground channel recorded it. As Teams: cards drawn with the
// official Adaptive Cards renderer, Action.Execute presses sent back as invokes and — like Teams —
// the bot asked for the current person's own view of a card whose `refresh.userIds` include them.
// As Slack: the Block Kit the server rendered for each card, drawn by slack-blocks.js; a press
// goes back with the button's action id and value, and its answer shows only to the presser.
/* global AdaptiveCards, SlackBlocks */
"use strict";

const $ = (selector) => document.querySelector(selector);
const PARTS = { TAF: "Team Around the Family", "line manager": "Line managers" };

const state = {
  person: sessionStorage.getItem("pg-person") || "sam",
  /** "teams" or "slack": how the conversation is drawn, remembered in this browser. */
  platform: localStorage.getItem("pg-platform") === "slack" ? "slack" : "teams",
  /** `${person}|${messageId}` → { reply, n }: the ephemeral answer to this person's last Slack press */
  ephemerals: {},
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
  if (state.platform === "slack") {
    const reply = state.ephemerals[viewKey(message)];
    return `${state.person}|slack|${message.version}|${reply ? reply.n : "-"}|${message.offer?.answer ?? "-"}`;
  }
  const own = state.views[viewKey(message)];
  return `${state.person}|teams|${message.version}|${own ? `${own.version}:${own.n}` : "-"}|${message.offer?.answer ?? "-"}`;
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
  if (message.offer) el.append(renderOffer(message));
  if (message.file) el.append(renderFile(message.file));
  if (state.platform === "slack") {
    if (message.card) el.append(renderSlack(message));
    return el;
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

// ---------------------------------------------------------------------------------------------
// Slack view: the server's Block Kit, drawn

function renderSlack(message) {
  const holder = document.createElement("div");
  holder.className = "card slack";
  if (!message.slack) {
    holder.innerHTML = '<div class="sk-context"><span>This message has no Slack form.</span></div>';
    return holder;
  }
  holder.innerHTML = SlackBlocks.blocksToHtml(message.slack.blocks, state.people);
  for (const button of holder.querySelectorAll(".sk-button[data-action-id]")) {
    button.addEventListener("click", () => onSlackPress(button, message).catch((error) => toast(error.message)));
  }
  const reply = state.ephemerals[viewKey(message)];
  if (reply) {
    const eph = document.createElement("div");
    eph.className = "sk-ephemeral";
    eph.innerHTML = `<div class="sk-only-you">Only visible to you</div>${SlackBlocks.blocksToHtml(reply.reply.blocks, state.people)}`;
    holder.append(eph);
  }
  return holder;
}

async function onSlackPress(button, message, inputs) {
  const body = { as: state.person, conversation: state.conversation, activityId: message.id, actionId: button.dataset.actionId, value: button.dataset.value };
  if (inputs) body.inputs = inputs;
  const answer = await api("/slack-action", body);
  if (answer.form) {
    openModal(answer.form, (values) => onSlackPress(button, message, values));
    return;
  }
  state.ephemerals[viewKey(message)] = { reply: answer.reply, n: ++state.viewCount };
  await loadTranscript(false);
  renderMessages(false);
}

/** Slack's modal (views.open), drawn over the page; the press is sent again with what it collected. */
function openModal(form, submit) {
  const overlay = document.createElement("div");
  overlay.className = "sk-overlay";
  overlay.innerHTML = SlackBlocks.modalToHtml(form, state.people);
  const el = overlay.querySelector("form");
  const close = () => overlay.remove();
  el.querySelector("[data-close]").addEventListener("click", close);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const field of el.querySelectorAll("[name]")) values[field.name] = field.value;
    try {
      await submit(values);
      close();
    } catch (error) {
      const problem = el.querySelector(".sk-error");
      problem.hidden = false;
      problem.textContent = error.message;
    }
  });
  document.body.append(overlay);
  el.querySelector("textarea, input, select")?.focus();
}

// ---------------------------------------------------------------------------------------------
// Files: Teams' file consent card, and the file once saved

function renderOffer(message) {
  const { offer } = message;
  const el = document.createElement("div");
  el.className = "file-consent";
  const size = offer.sizeInBytes < 1024 ? `${offer.sizeInBytes} bytes` : `${(offer.sizeInBytes / 1024).toFixed(1)} KB`;
  el.innerHTML = `<div class="fc-title">Upload file to OneDrive?</div><div class="fc-name">📄 ${escapeHtml(offer.name)} <small>${escapeHtml(size)}</small></div><div class="fc-description">${escapeHtml(offer.description)}</div>`;
  if (offer.answer) {
    el.insertAdjacentHTML("beforeend", `<div class="fc-answer">${offer.answer === "accept" ? "You allowed this upload." : "You declined this upload."}</div>`);
    return el;
  }
  const buttons = document.createElement("div");
  buttons.className = "fc-buttons";
  for (const [action, label] of [["accept", "Allow"], ["decline", "Decline"]]) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.className = action === "accept" ? "fc-allow" : "fc-decline";
    b.addEventListener("click", async () => {
      for (const x of buttons.querySelectorAll("button")) x.disabled = true;
      try {
        await api("/file-consent", { as: state.person, conversation: state.conversation, activityId: message.id, action });
      } catch (error) {
        toast(error.message);
      }
      await loadTranscript(false);
    });
    buttons.append(b);
  }
  el.append(buttons);
  return el;
}

function renderFile(file) {
  const el = document.createElement("div");
  el.className = "file-info";
  const link = document.createElement("a");
  link.href = file.href;
  link.download = file.name;
  link.textContent = `📄 ${file.name}`;
  el.append(link, " ", Object.assign(document.createElement("small"), { textContent: "saved: download" }));
  return el;
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

function renderPlatform() {
  document.body.dataset.platform = state.platform;
  for (const b of document.querySelectorAll("#platform button")) b.setAttribute("aria-pressed", String(b.dataset.platform === state.platform));
}

for (const button of document.querySelectorAll("#platform button")) {
  button.addEventListener("click", () => {
    state.platform = button.dataset.platform === "slack" ? "slack" : "teams";
    localStorage.setItem("pg-platform", state.platform);
    renderPlatform();
    renderMessages(false);
  });
}
renderPlatform();

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
