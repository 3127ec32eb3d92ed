/*
 * The handbook's search engine, loaded by search/worker.js at the first query.
 * Material's search box talks to the worker with Material's worker messages (SETUP,
 * READY, QUERY, RESULT); instead of building a Lunr index from the whole site on every
 * page load, the engine loads the prebuilt index shards that a query needs (written by
 * handbook/build/search_index.py, whose tokenizer and stemmer this file repeats exactly).
 *
 * It runs in a real Web Worker on a web server, and inside Material's iframe shim when the
 * handbook is opened from file:// (where importScripts returns a Promise).
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const WORD = /[\p{L}\p{N}]+/gu;
const SUFFIXES = ["ings", "ing", "ers", "ies", "ied", "es", "ed", "er", "ly", "s", "e"];
const PREFIX_WEIGHT = 0.9;     // so does a completion of the word being typed
const MAX_PAGES = 10;          // result groups returned (Material shows ten at first)
const MAX_SECTIONS = 5;        // sections shown per page
const SNIPPET = 220;           // characters of text around the first match

/* --- Words (identical to handbook/build/search_index.py) ----------------------------------------- */

function tokenize(text) {
  return (text.toLowerCase().match(WORD) || []).filter(word => word.length > 1);
}

function stem(word) {
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      word = word.slice(0, -suffix.length);
      break;
    }
  }
  const last = word[word.length - 1];
  if (word.length > 3 && last === word[word.length - 2] && !"aeiou".includes(last))
    word = word.slice(0, -1);
  return word;
}

/* --- Loading the index --------------------------------------------------------------- */

function indexBase() {
  // A worker has no page to read the site's root from: the index is found from the
  // worker's own address (assets/javascripts/search/worker.js). In the file:// iframe shim
  // the worker is the first <script src> after the shim's setup script; in a real worker,
  // self.location is the worker's address (a service worker answers it without a fragment,
  // so nothing can travel there).
  const script = typeof document !== "undefined" && document.querySelector("script[src]:not([data-worker])");
  return new URL("../../../search/", script ? script.src : self.location.href);
}

async function load(names) {
  const base = indexBase();
  const urls = names.map(name => new URL(name, base).href);
  if (urls.length) await importScripts(...urls);
}

function index() {
  return self.__hbSearch;
}

async function loadShards(stems) {
  const manifest = index().manifest;
  const wanted = new Set();
  for (const term of stems) {
    const shard = term.slice(0, 2);
    if (shard in manifest.shards && !(shard in index().terms)) wanted.add(shard);
  }
  await load([...wanted].map(shard => `hb-terms-${manifest.shards[shard]}.js`));
}

// Sections are numbered page by page: a page's sections follow its own entry, and
// manifest.pages lists where each page starts. Their text is in one file per page.
function pageOrdinal(id) {
  const pages = index().manifest.pages;
  let low = 0, high = pages.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (pages[middle] <= id) low = middle; else high = middle - 1;
  }
  return low;
}

function pageOf(id) {
  return index().manifest.pages[pageOrdinal(id)];
}

async function loadDocs(ids) {
  const wanted = new Set(ids.map(pageOrdinal).filter(ordinal => !(ordinal in index().docs)));
  await load([...wanted].map(ordinal => `hb-docs-${ordinal}.js`));
}

function doc(id) {
  const ordinal = pageOrdinal(id);
  const [location, title, text] = index().docs[ordinal][id - index().manifest.pages[ordinal]];
  return { location, title, page: index().manifest.pages[ordinal], text };
}

function postings(term) {
  const shard = index().terms[term.slice(0, 2)];
  return (shard && shard[term]) || null;
}

/* --- Understanding the query ---------------------------------------------------------- */

function stems(text, stop) {
  const words = tokenize(text);
  const kept = words.filter(word => !stop.has(word));
  return (kept.length ? kept : words).map(stem);
}

// A query becomes concepts: each is what the reader meant by a word or phrase, with the
// alternatives that express it (the words typed, and synonyms from the data).
function concepts(query, manifest) {
  const stop = new Set(manifest.stopWords);
  let remaining = ` ${tokenize(query).join(" ")} `;
  const found = [];
  const groups = manifest.synonyms.map(group => ({
    weight: group.weight, phrases: group.phrases.map(phrase => tokenize(phrase).join(" ")),
  }));
  // Longest phrases first, so "revenge porn" is read as one idea, not two words.
  const phrases = groups.flatMap((group, g) => group.phrases.map(phrase => ({ phrase, g })))
    .filter(entry => entry.phrase)
    .sort((a, b) => b.phrase.length - a.phrase.length);
  for (const { phrase, g } of phrases) {
    if (!remaining.includes(` ${phrase} `)) continue;
    remaining = remaining.replace(` ${phrase} `, " ");
    const alternatives = [{ stems: stems(phrase, stop), weight: 1 }];
    for (const other of groups[g].phrases)
      if (other && other !== phrase)
        alternatives.push({ stems: stems(other, stop), weight: groups[g].weight });
    found.push({ label: phrase, alternatives });
  }
  const words = tokenize(remaining);
  const kept = words.filter(word => !stop.has(word));
  for (const word of (kept.length || found.length ? kept : words))
    found.push({ label: word, alternatives: [{ stems: [stem(word)], weight: 1 }] });
  return found;
}

/* --- Scoring -------------------------------------------------------------------------- */

function idf(df) {
  const documents = index().manifest.documents;
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

// How well each section matches one alternative: every one of its words must be there;
// the words' weights in the section are averaged, rarer words counting more.
function scoreAlternative(alternative) {
  let scores = null, norm = 0;
  for (const term of alternative.stems) {
    const list = postings(term);
    if (!list) return new Map();
    const weight = idf(list.length / 2);
    norm += weight;
    const next = new Map();
    for (let i = 0; i < list.length; i += 2) {
      const id = list[i];
      if (scores === null || scores.has(id))
        next.set(id, (scores === null ? 0 : scores.get(id)) + weight * list[i + 1]);
    }
    scores = next;
  }
  for (const [id, score] of scores || []) scores.set(id, alternative.weight * score / norm);
  return scores || new Map();
}

// While a word is still being typed, its completions count too ("miss" finds "missing").
function completions(word) {
  const shard = index().terms[word.slice(0, 2)] || {};
  return Object.keys(shard).filter(term => term.startsWith(word) && term !== stem(word)).slice(0, 20);
}

function search(query) {
  const manifest = index().manifest;
  const meant = concepts(query, manifest);
  if (!meant.length) return { items: [], matched: new Set() };
  const typing = !/\s$/.test(query) && meant[meant.length - 1].alternatives.length === 1;
  const matchedStems = new Set();
  const total = new Map(), covered = new Map();
  for (const [c, concept] of meant.entries()) {
    const best = new Map();
    const alternatives = [...concept.alternatives];
    if (typing && c === meant.length - 1) {
      const word = tokenize(concept.label).pop();
      for (const term of completions(word))
        alternatives.push({ stems: [term], weight: PREFIX_WEIGHT });
    }
    for (const alternative of alternatives) {
      const scores = scoreAlternative(alternative);
      if (scores.size) alternative.stems.forEach(term => matchedStems.add(term));
      for (const [id, score] of scores)
        if (score > (best.get(id) || 0)) best.set(id, score);
    }
    // A concept is as rare as the sections that express it in any of its ways: "CSE" is
    // no rarer than "child sexual exploitation", which it means.
    const rarity = idf(best.size);
    for (const [id, score] of best) {
      total.set(id, (total.get(id) || 0) + rarity * score);
      covered.set(id, (covered.get(id) || 0) + 1);
    }
  }
  const scored = [];
  for (const [id, score] of total) {
    const coverage = covered.get(id) / meant.length;
    scored.push({ id, score: score * coverage * coverage });
  }
  return { scored, matched: matchedStems, meant };
}

/* --- Results in Material's format ----------------------------------------------------- */

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, ch => `&#${ch.charCodeAt(0)};`);
}

function highlight(text, matched) {
  let out = "", last = 0;
  for (const found of text.matchAll(WORD)) {
    const word = found[0];
    if (word.length > 1 && matched.has(stem(word.toLowerCase()))) {
      out += escapeHtml(text.slice(last, found.index)) + `<mark>${escapeHtml(word)}</mark>`;
      last = found.index + word.length;
    }
  }
  return out + escapeHtml(text.slice(last));
}

function snippet(text, matched) {
  let start = 0;
  for (const found of text.matchAll(WORD)) {
    if (matched.has(stem(found[0].toLowerCase()))) {
      start = Math.max(0, found.index - 60);
      break;
    }
  }
  if (start > 0) start = text.indexOf(" ", start) + 1;
  const piece = text.slice(start, start + SNIPPET);
  const cut = piece.length < text.length - start ? piece.slice(0, piece.lastIndexOf(" ")) : piece;
  return `${start > 0 ? "… " : ""}${highlight(cut, matched)}${cut.length < text.length - start ? " …" : ""}`;
}

async function answer(query) {
  await load(["hb-manifest.js"].filter(() => !index() || !index().manifest));
  const manifest = index().manifest;
  const meant = concepts(query, manifest);
  const allStems = meant.flatMap(c => c.alternatives.flatMap(a => a.stems));
  await loadShards(allStems);
  const { scored, matched } = search(query);
  if (!scored || !scored.length) return { items: [] };

  // Group sections by page; pages ordered by their best section. Only the text of what
  // is shown is loaded.
  scored.sort((a, b) => b.score - a.score || a.id - b.id);
  const groups = new Map();
  for (const entry of scored) {
    const page = pageOf(entry.id);
    if (!groups.has(page)) {
      if (groups.size === MAX_PAGES) continue;
      groups.set(page, []);
    }
    const sections = groups.get(page);
    if (sections.length < MAX_SECTIONS) sections.push(entry);
  }
  await loadDocs([...groups.keys(), ...[...groups.values()].flat().map(entry => entry.id)]);
  const terms = Object.fromEntries(meant.map(concept => [concept.label,
    concept.alternatives.some(alt => alt.stems.every(term => matched.has(term)))]));
  const items = [];
  for (const [page, sections] of groups) {
    const shown = sections.filter(entry => entry.id !== page);
    const own = sections.find(entry => entry.id === page);
    // Material shows, under the page, the sections scoring at least the page's score.
    const threshold = shown.length ? shown[Math.min(shown.length, 3) - 1].score : own.score;
    const parent = doc(page);
    const group = [{
      location: parent.location, title: highlight(parent.title, matched),
      text: snippet(parent.text, matched), score: Math.max(threshold, 0.0001), terms,
    }];
    for (const entry of shown) {
      const section = doc(entry.id);
      group.push({
        location: section.location, title: highlight(section.title, matched),
        text: snippet(section.text, matched), score: entry.score, terms,
      });
    }
    items.push(group);
  }
  return { items };
}

/* --- Messages --------------------------------------------------------------------------- */

async function handle(message) {
  switch (message.type) {
    case SETUP:
      return { type: READY };
    case QUERY:
      try {
        return { type: RESULT, data: await answer(message.data) };
      } catch (error) {
        console.warn("Search failed:", error);
        return { type: RESULT, data: { items: [] } };
      }
    default:
      throw new TypeError("Invalid message type");
  }
}

self.handbookSearch = { handle };
