/*
 * The handbook's search engine, loaded by search/worker.js at the first query together
 * with the Snowball English stemmer (search/snowball-english.js). Material's search box
 * talks to the worker with Material's worker messages (SETUP, READY, QUERY, RESULT);
 * instead of building a Lunr index from the whole site on every page load, the engine
 * loads the prebuilt index shards that a query needs (written by
 * handbook/build/search_index.py, whose tokenizer and stemmer this file repeats exactly).
 *
 * How a query is answered (guides/how-it-works.md#search says why):
 * 1. Its words become concepts: a word, or a phrase the vocabulary knows (data/search.yml
 *    and the glossary's abbreviations), each with the alternatives that express it:
 *    synonyms, everyday words, irregular forms, a correction of one typo in a longer word,
 *    and completions of the word still being typed.
 * 2. Each section scores BM25F: per concept, its best alternative's weight in the section
 *    (precomputed at build time from the heading, page title and text) times that
 *    alternative's rarity (IDF); sections missing a concept score less (and too many
 *    unknown words give no result rather than a false one).
 * 3. The kind of page weighs in (data/search.yml: guidance first), unless the query names
 *    the page or section; kinds marked `last` come after everything else.
 * 4. Among the sections shown, those with the query's words close together score more
 *    (BM25TP, Rasolofo and Savoy 2003), and each shows a snippet at its best match.
 *
 * It runs in a real Web Worker on a web server, and inside Material's iframe shim when the
 * handbook is opened from file:// (where importScripts returns a Promise).
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const WORD = /[\p{L}\p{N}]+/gu;
const TITLE_MARK = "^";        // "^term": the sections whose own heading holds the term
const MAX_PAGES = 10;          // result groups returned (Material shows ten at first)
const MAX_SECTIONS = 5;        // sections shown per page
const SNIPPET = 200;           // characters of text shown around the best match
const BEFORE = 50;             // of which at most this many before the first match
const PREFIX_WEIGHT = 0.9;     // a completion of the word being typed...
const TYPO_WEIGHT = 0.9;       // ...or the correction of a misspelt word counts a little less
const MIN_TYPO_LENGTH = 5;     // shorter words are not corrected (too many near neighbours)
const MIN_WEIGHT = 0.45;       // a synonym of a synonym counts (0.7 x 0.7); no further
const MAX_ALTERNATIVES = 40;
const MAX_COMPLETIONS = 10;
const PROXIMITY = 5;           // BM25TP: query words at most this many words apart
const SUGGESTIONS = 3;         // close spellings offered when nothing matches

/* --- Words (identical to handbook/content/search_vocabulary.py) ------------------------- */

function tokenize(text) {
  return (text.toLowerCase().match(WORD) || []).filter(word => word.length > 1);
}

const stems = new Map();
let english = null;

function stem(word) {
  let found = stems.get(word);
  if (found === undefined) {
    english = english || self.snowballFactory.newStemmer("english");
    found = english.stem(word);
    stems.set(word, found);
  }
  return found;
}

function phraseKey(phrase) {
  return tokenize(phrase).map(stem).join(" ");
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

// Terms are in files by their first two letters, or three where two would make a large
// file (the manifest lists the files there are).
function shardOf(term) {
  const bare = term[0] === TITLE_MARK ? term.slice(1) : term;
  const three = bare.slice(0, 3);
  return three.length === 3 && three in index().manifest.shards ? three : bare.slice(0, 2);
}

async function loadShards(keys) {
  const manifest = index().manifest;
  const wanted = new Set();
  for (const key of keys) {
    const shard = shardOf(key);
    if (shard in manifest.shards && !(shard in index().terms)) wanted.add(shard);
  }
  await load([...wanted].map(shard => `hb-terms-${manifest.shards[shard]}.js`));
}

async function loadWords() {
  if (typeof index().words !== "string") await load(["hb-words.js"]);
  return index().words.split(" ");
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

function postings(key) {
  const shard = index().terms[shardOf(key)];
  return (shard && shard[key]) || null;
}

/* --- The vocabulary ------------------------------------------------------------------- */

let vocabulary = null;

// Edges between phrase keys: both ways for synonyms, word forms and abbreviations; one way
// for everyday words (from the reader's word to the handbook's).
function theVocabulary() {
  if (vocabulary) return vocabulary;
  const manifest = index().manifest;
  const edges = new Map(), oneWay = new Map();
  const link = (map, from, to, weight) => {
    if (!from || !to || from === to) return;
    if (!map.has(from)) map.set(from, []);
    map.get(from).push({ to, weight });
  };
  for (const group of manifest.synonyms) {
    const keys = group.phrases.map(phraseKey);
    for (const from of keys) for (const to of keys) link(edges, from, to, group.weight);
  }
  const known = new Set(edges.keys());
  for (const group of manifest.oneWay) {
    const finds = group.finds.map(phraseKey);
    finds.forEach(key => known.add(key));
    for (const word of group.words) {
      known.add(phraseKey(word));
      for (const to of finds) link(oneWay, phraseKey(word), to, group.weight);
    }
  }
  let longest = 1;
  for (const key of known) longest = Math.max(longest, key.split(" ").length);
  vocabulary = { edges, oneWay, known, longest, present: manifest.present ? new Set(manifest.present) : null };
  return vocabulary;
}

// What a phrase key means: itself, the everyday words' targets (one step), and synonyms
// of any of them, each step multiplying the weight, down to MIN_WEIGHT.
function expand(key, weight) {
  const { edges, oneWay } = theVocabulary();
  const best = new Map([[key, weight]]);
  const queue = [key];
  for (const { to, weight: w } of oneWay.get(key) || []) {
    if ((best.get(to) || 0) < weight * w) { best.set(to, weight * w); queue.push(to); }
  }
  while (queue.length && best.size < MAX_ALTERNATIVES) {
    const from = queue.shift();
    for (const { to, weight: w } of edges.get(from) || []) {
      const reached = best.get(from) * w;
      if (reached >= MIN_WEIGHT && reached > (best.get(to) || 0)) { best.set(to, reached); queue.push(to); }
    }
  }
  // Only what the handbook has (the manifest lists it): no file is loaded for the rest.
  const present = theVocabulary().present;
  return [...best].filter(([other]) => other === key || !present || present.has(other))
    .map(([key, weight]) => ({ key, weight }));
}

/* --- Understanding the query ---------------------------------------------------------- */

// A query becomes concepts: what the reader meant by a word or a known phrase, with the
// alternatives that express it. `weights` lowers the words that were corrected.
function concepts(words, weights) {
  const manifest = index().manifest;
  const stop = new Set(manifest.stopWords);
  const { known, longest } = theVocabulary();
  const keys = words.map(stem);
  const found = [];
  for (let i = 0; i < words.length;) {
    let n = Math.min(longest, words.length - i);
    while (n > 0 && !known.has(keys.slice(i, i + n).join(" "))) n--;
    const weight = Math.min(...weights.slice(i, i + Math.max(n, 1)));
    if (n > 0) {
      found.push({ label: words.slice(i, i + n).join(" "), start: i, known: true,
                   alternatives: expand(keys.slice(i, i + n).join(" "), weight) });
      i += n;
    } else {
      if (!stop.has(words[i]))
        found.push({ label: words[i], start: i, known: false, alternatives: [{ key: keys[i], weight }] });
      i += 1;
    }
  }
  if (!found.length)  // only stop words: search for them after all
    words.forEach((word, i) => found.push({ label: word, start: i, known: false,
                                            alternatives: [{ key: keys[i], weight: weights[i] }] }));
  return found;
}

function hasPostings(concept) {
  return concept.alternatives.some(alternative => postings(alternative.key));
}

// The Damerau-Levenshtein distance between a and b, or more than `limit` (computed no
// further than needed).
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let smallest = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      smallest = Math.min(smallest, value);
    }
    if (smallest > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

// The handbook's words at most `limit` edits from `word`, commonest first.
function closeWords(word, words, limit, count) {
  const found = [];
  for (const candidate of words) {
    if (candidate === word || Math.abs(candidate.length - word.length) > limit) continue;
    if (distance(word, candidate, limit) <= limit) {
      found.push(candidate);
      if (found.length >= count) break;
    }
  }
  return found;
}

/* --- Scoring -------------------------------------------------------------------------- */

function idf(df) {
  const documents = index().manifest.documents;
  return Math.log(1 + (documents - df + 0.5) / (df + 0.5));
}

function kindOf(id) {
  const manifest = index().manifest;
  const kind = id in manifest.sectionKinds ? manifest.sectionKinds[id] : manifest.pageKinds[pageOrdinal(id)];
  return kind >= 0 ? manifest.kinds[kind] : null;
}

function idsOf(list, step) {
  const ids = new Set();
  for (let i = 0; i < list.length; i += step) ids.add(list[i]);
  return ids;
}

// An alternative that holds another of the same concept, weighing no more, finds nothing
// more: "nude image" beside "nudes". Leaving it out counts each occurrence once.
function effective(alternatives) {
  const words = alternatives.map(alternative => ` ${alternative.key} `);
  return alternatives.filter((alternative, a) => !alternatives.some((other, o) =>
    o !== a && other.weight >= alternative.weight && words[o] !== words[a] && words[a].includes(words[o])));
}

// BM25F with each concept as one term (as Lucene's SynonymQuery does): its alternatives'
// weighted counts in a section added up, saturated, times the concept's rarity (the
// sections holding any of its alternatives); then the sections that hold enough of the
// concepts, weighted by their kind of page.
function score(meant) {
  const { k1 } = index().manifest;
  for (const concept of meant) {
    const counts = new Map();
    concept.named = new Set();
    concept.best = new Map();
    for (const alternative of effective(concept.alternatives)) {
      const list = postings(alternative.key);
      if (!list) continue;
      alternative.ids = idsOf(list, 2);
      for (let i = 0; i < list.length; i += 2)
        counts.set(list[i], (counts.get(list[i]) || 0) + alternative.weight * list[i + 1]);
      for (const id of postings(TITLE_MARK + alternative.key) || []) concept.named.add(id);
    }
    concept.idf = idf(counts.size);
    for (const [id, tf] of counts) concept.best.set(id, concept.idf * tf * (k1 + 1) / (tf + k1));
  }
  const n = meant.length;
  const known = meant.filter(concept => concept.best.size).length;
  // Too many words that the handbook does not have: "county lines" is not "lines".
  if (!known || n - known > Math.floor(n / 3)) return [];
  const totals = new Map();
  for (const concept of meant) {
    for (const [id, value] of concept.best) {
      const total = totals.get(id) || { id, value: 0, matched: 0 };
      total.value += value;
      total.matched += 1;
      totals.set(id, total);
    }
  }
  let most = 0;
  for (const total of totals.values()) most = Math.max(most, total.matched);
  const enough = most - Math.floor(known / 3);
  const scored = [];
  for (const total of totals.values()) {
    if (total.matched < enough) continue;
    const kind = kindOf(total.id);
    const named = meant.every(concept => concept.named.has(total.id));
    total.factor = (total.matched / n) ** 2 * (kind && !named ? kind.weight : 1);
    total.last = Boolean(kind && kind.last);
    total.score = total.value * total.factor;
    scored.push(total);
  }
  return scored;
}

function order(a, b) {
  return (a.last - b.last) || (b.score - a.score) || (a.id - b.id);
}

/* --- Where the words are in a text ------------------------------------------------------ */

// The matches of the concepts' alternatives that were found in section `id`: for each,
// its character span and its word position, whole words only (a phrase only with its
// words together).
function matches(text, meant, id) {
  const wanted = [];
  meant.forEach((concept, c) => {
    for (const alternative of concept.alternatives)
      if (alternative.ids && alternative.ids.has(id)) wanted.push({ c, keys: alternative.key.split(" ") });
  });
  if (!wanted.length || !text) return { spans: [], length: 0 };
  const initials = new Set(wanted.flatMap(w => w.keys.map(key => key[0])));
  const words = [];
  for (const found of text.matchAll(WORD)) {
    if (found[0].length < 2) continue;
    const word = found[0].toLowerCase();
    // A word's stem starts with its first letter: stem only what could match.
    words.push({ start: found.index, end: found.index + found[0].length,
                 key: initials.has(word[0]) ? stem(word) : null });
  }
  const spans = [];
  for (let p = 0; p < words.length; p++) {
    if (words[p].key === null) continue;
    for (const { c, keys } of wanted) {
      if (words[p].key !== keys[0] || p + keys.length > words.length) continue;
      if (keys.every((key, k) => words[p + k].key === key))
        spans.push({ c, position: p, start: words[p].start, end: words[p + keys.length - 1].end });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  return { spans, length: words.length };
}

// BM25TP (Rasolofo and Savoy 2003): pairs of different concepts within PROXIMITY words
// add min(idf) x (k1 + 1) acc / (K + acc), acc summing 1/distance^2 over the pairs.
function proximity(found, meant, id) {
  if (meant.length < 2 || !found.spans) return 0;
  const manifest = index().manifest;
  const acc = new Map();
  const { spans } = found;
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length && spans[j].position - spans[i].position <= PROXIMITY; j++) {
      if (spans[i].c === spans[j].c) continue;
      const d = Math.max(1, spans[j].position - spans[i].position);
      const pair = Math.min(spans[i].c, spans[j].c) * 64 + Math.max(spans[i].c, spans[j].c);
      acc.set(pair, (acc.get(pair) || 0) + 1 / (d * d));
    }
  }
  const K = manifest.k1 * (1 - manifest.b + manifest.b * found.length / manifest.averageLength);
  let sum = 0;
  for (const [pair, value] of acc)
    sum += Math.min(meant[pair >> 6].idf, meant[pair & 63].idf) * (manifest.k1 + 1) * value / (K + value);
  return sum;
}

/* --- Results in Material's format ----------------------------------------------------- */

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, ch => `&#${ch.charCodeAt(0)};`);
}

function marked(text, spans, from, to) {
  let out = "", last = from;
  for (const span of spans) {
    if (span.start < last || span.end > to) continue;
    out += escapeHtml(text.slice(last, span.start)) + `<mark>${escapeHtml(text.slice(span.start, span.end))}</mark>`;
    last = span.end;
  }
  return out + escapeHtml(text.slice(last, to));
}

// The snippet: SNIPPET characters around the place where most concepts meet, cut at
// words, with the matches marked.
function snippet(text, spans) {
  if (!text) return "";
  let from = 0;
  if (spans.length) {
    let bestCount = -1, bestStart = 0;
    for (let i = 0; i < spans.length; i++) {
      const seen = new Set();
      for (let j = i; j < spans.length && spans[j].end <= spans[i].start + SNIPPET - BEFORE; j++) seen.add(spans[j].c);
      if (seen.size > bestCount) { bestCount = seen.size; bestStart = spans[i].start; }
    }
    // From the start of the match's sentence if it is close, else from a word before it.
    const sentence = Math.max(text.lastIndexOf(". ", bestStart), text.lastIndexOf("; ", bestStart),
                              text.lastIndexOf(": ", bestStart));
    if (sentence >= 0 && bestStart - sentence <= BEFORE) from = sentence + 2;
    else if (bestStart > BEFORE / 2) from = text.indexOf(" ", bestStart - BEFORE / 2) + 1;
    if (from > bestStart) from = bestStart;
  }
  let to = Math.min(text.length, from + SNIPPET);
  if (to < text.length) {
    const space = text.lastIndexOf(" ", to);
    if (space > from) to = space;
  }
  return `${from > 0 ? "… " : ""}${marked(text, spans, from, to)}${to < text.length ? " …" : ""}`;
}

function terms(meant, id, found) {
  const result = {};
  for (const concept of meant) result[concept.label] = concept.best.has(id);
  // The words found, for Material's highlighting on the page the result opens.
  if (found.spans && found.text) for (const span of found.spans.slice(0, 12)) result[found.text.slice(span.start, span.end).toLowerCase()] = true;
  return result;
}

function item(id, meant, entry, found) {
  const section = doc(id);
  const inTitle = matches(section.title, meant, id);
  return {
    location: section.location,
    title: marked(section.title, inTitle.spans, 0, section.title.length),
    text: snippet(section.text, found.spans || []),
    score: entry ? entry.score : 0,
    terms: terms(meant, id, found),
  };
}

async function answer(query) {
  if (!index() || !index().manifest) await load(["hb-manifest.js"]);
  let words = tokenize(query);
  let weights = words.map(() => 1);
  let meant = concepts(words, weights);
  if (!meant.length) return { items: [] };
  await loadShards(meant.flatMap(concept => effective(concept.alternatives).map(alternative => alternative.key)));

  // The word still being typed: its completions; a longer word that finds nothing: the
  // handbook's word one typo away, if there is one.
  const typing = !/\s$/.test(query);
  const last = meant[meant.length - 1];
  if (typing && !last.known && !hasPostings(last)) {
    const typed = last.label;
    const shard = index().terms[shardOf(typed)] || {};  // completions of a 2-letter word: its 2-letter file
    const completions = Object.keys(shard)
      .filter(term => term.startsWith(typed) && !term.includes(" ") && term[0] !== TITLE_MARK)
      .sort((a, b) => shard[b].length - shard[a].length)
      .slice(0, MAX_COMPLETIONS);
    for (const term of completions) last.alternatives.push({ key: term, weight: PREFIX_WEIGHT });
  }
  const misspelt = meant.filter(concept => !concept.known && concept.label.length >= MIN_TYPO_LENGTH
                                && !/^\d+$/.test(concept.label) && !hasPostings(concept));
  if (misspelt.length) {
    const handbookWords = await loadWords();
    let corrected = false;
    for (const concept of misspelt) {
      const [best] = closeWords(concept.label, handbookWords, 1, 1);
      if (best) {
        words[concept.start] = best;
        weights[concept.start] = TYPO_WEIGHT;
        corrected = true;
      }
    }
    if (corrected) {
      const completions = typing && !last.known ? last.alternatives.slice(1) : [];
      meant = concepts(words, weights);
      const end = meant[meant.length - 1];
      if (completions.length && end.label === last.label) end.alternatives.push(...completions);
      await loadShards(meant.flatMap(concept => effective(concept.alternatives).map(alternative => alternative.key)));
    }
  }

  const scored = score(meant);
  if (!scored.length) return nothing(query, meant);
  scored.sort(order);

  // The pages to show (by their best section), and among their sections the words' closeness.
  const pages = [];
  for (const entry of scored) {
    const page = pageOf(entry.id);
    if (!pages.includes(page)) pages.push(page);
    if (pages.length === MAX_PAGES) break;
  }
  // Per page, the sections that could be shown once closeness is counted (a few more than
  // are shown): only their text is read.
  const perPage = new Map(pages.map(page => [page, 0]));
  const candidates = scored.filter(entry => {
    const page = pageOf(entry.id);
    if (!perPage.has(page) || perPage.get(page) >= 2 * MAX_SECTIONS) return false;
    perPage.set(page, perPage.get(page) + 1);
    return true;
  });
  await loadDocs([...pages, ...candidates.map(entry => entry.id)]);
  const found = new Map();
  for (const entry of candidates) {
    const section = doc(entry.id);
    const where = matches(section.text, meant, entry.id);
    where.text = section.text;
    found.set(entry.id, where);
    entry.score = (entry.value + proximity(where, meant, entry.id)) * entry.factor;
  }
  candidates.sort(order);

  const groups = new Map();
  for (const entry of candidates) {
    const page = pageOf(entry.id);
    if (!groups.has(page)) groups.set(page, []);
    const sections = groups.get(page);
    if (sections.length < MAX_SECTIONS) sections.push(entry);
  }
  const items = [];
  for (const [page, sections] of groups) {
    const shown = sections.filter(entry => entry.id !== page);
    const own = sections.find(entry => entry.id === page);
    // Material shows, under the page, the sections scoring at least the page's score.
    const threshold = shown.length ? shown[Math.min(shown.length, 3) - 1].score : own.score;
    const parentFound = own ? found.get(page) : { spans: [] };
    const parent = item(page, meant, own, parentFound || { spans: [] });
    parent.score = Math.max(threshold, 0.0001);
    const group = [parent];
    for (const entry of shown) group.push(item(entry.id, meant, entry, found.get(entry.id)));
    items.push(group);
  }
  return { items: tagged(items, query) };
}

// The first result says which query it answers (a hidden, empty element), so that a
// test or a script reading the list knows the last keystroke's answer has arrived.
function tagged(items, query, help = false) {
  if (items.length)
    items[0][0].title = `<span hidden data-hb-query="${escapeHtml(query)}"${help ? " data-hb-search-help" : ""}></span>`
      + items[0][0].title;
  return items;
}

/* --- When nothing matches ------------------------------------------------------------- */

function firstSentence(text) {
  const end = text.search(/[.!?](\s|$)/);
  return end >= 0 ? text.slice(0, end + 1) : text;
}

// Help instead of an empty list: the pages the data names (Contacts, with the emergency
// line, and the Glossary), and the handbook's words closest to what was typed. The marker
// lets search/config.js keep Material's "No matching documents" line.
async function nothing(query, meant) {
  const manifest = index().manifest;
  const help = manifest.noResults || [];
  await loadDocs(help);
  const pages = help.map(id => {
    const page = doc(id);
    return [{ location: page.location, title: escapeHtml(page.title), text: escapeHtml(firstSentence(page.text)),
              score: 1, terms: {} }];
  });
  const words = tokenize(query);
  const suggestions = [];
  const unknown = meant.filter(concept => !concept.best || !concept.best.size);
  if (unknown.length) {
    const handbookWords = await loadWords();
    const stop = new Set(manifest.stopWords);
    for (const concept of unknown) {
      if (concept.label.length < 4 || /^\d+$/.test(concept.label)) continue;
      const close = closeWords(concept.label, handbookWords, concept.label.length >= MIN_TYPO_LENGTH ? 2 : 1, 20)
        .filter(word => !stop.has(word) && word.length > 2);
      await loadShards(close.map(stem));
      for (const word of close.filter(word => postings(stem(word))).slice(0, SUGGESTIONS)) {
        const corrected = words.slice();
        corrected.splice(concept.start, concept.label.split(" ").length, word);
        if (suggestions.length < SUGGESTIONS) suggestions.push(corrected.join(" "));
      }
    }
  }
  const offered = suggestions.map(suggestion => [{
    location: `index.html?q=${encodeURIComponent(suggestion)}`,
    title: `Did you mean <mark>${escapeHtml(suggestion)}</mark>?`, text: "", score: 1, terms: {},
  }]);
  return { items: tagged([...pages.slice(0, 1), ...offered, ...pages.slice(1)], query, true) };
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
