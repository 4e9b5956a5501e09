/**
 * Base subjects per RFC 5256 section 2.1, widened to the reply and forward leaders that IETF mail
 * carries (Outlook and Exchange localise them: German `AW:`/`WG:`, Nordic `SV:`/`VS:`, French `TR:`/`Réf:`,
 * Italian `RIF:`, Dutch `Antw:`, ...).
 */

/** Reply/forward words that may lead a subject, before an optional counter and a colon. */
const LEADER_WORDS = [
  're', 'fwd', 'fw', 'aw', 'sv', 'vs', 'antwort', 'antw', 'réf', 'rif', 'wg', 'tr', 'odp',
  '回复', '回覆', '答复', '转发',
].join('|');

/** `[tag]` tags, then a leader word with an optional counter (`Re[2]:`, `Re(2):`, `Re^2:`), then `:`. */
const LEADER = new RegExp(
  `^(?:\\[[^\\[\\]]*\\]\\s*)*(?:${LEADER_WORDS})\\s*(?:\\[[^\\[\\]]*\\]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]\\s*`,
  'iu',
);
/** A leading `[list]` tag (RFC 5256 subj-blob). */
const LIST_TAG = /^\[[^[\]]*\]\s*/u;
/** A trailing `(fwd)` (RFC 5256 subj-trailer). */
const FWD_TRAILER = /\s*\(fwd\)\s*$/iu;
/** A whole subject wrapped as `[Fwd: ...]` (RFC 5256 subj-fwd). */
const FWD_WRAPPER = /^\[fwd:\s*([\s\S]*)\]$/iu;

interface SubjectAnalysis {
  base: string;
  /** A reply or forward marker (leader, `(fwd)` trailer, `[Fwd: ]` wrapper) was removed. */
  replyOrForward: boolean;
}

function analyseSubject(subject: string): SubjectAnalysis {
  let text = subject.normalize('NFC').replace(/\s+/gu, ' ').trim();
  let replyOrForward = false;
  for (;;) {
    const trailer = stripFwdTrailers(text);
    const leaders = stripLeaders(trailer.text);
    replyOrForward ||= trailer.removed || leaders.removedLeader;
    text = leaders.text;
    const wrapped = FWD_WRAPPER.exec(text);
    if (!wrapped) break;
    text = (wrapped[1] ?? '').trim();
    replyOrForward = true;
  }
  return { base: text, replyOrForward };
}

function stripFwdTrailers(text: string): { text: string; removed: boolean } {
  let removed = false;
  while (FWD_TRAILER.test(text)) {
    text = text.replace(FWD_TRAILER, '');
    removed = true;
  }
  return { text: text.trim(), removed };
}

/** RFC 5256 steps 3 to 5: leaders and tags, repeatedly; a tag stays when nothing would follow it. */
function stripLeaders(text: string): { text: string; removedLeader: boolean } {
  let removedLeader = false;
  for (;;) {
    const leader = LEADER.exec(text);
    if (leader) {
      text = text.slice(leader[0].length);
      removedLeader = true;
      continue;
    }
    const tag = LIST_TAG.exec(text);
    if (tag && tag[0].length < text.length) {
      text = text.slice(tag[0].length);
      continue;
    }
    return { text, removedLeader };
  }
}

/**
 * RFC 5256 base subject: reply/forward leaders and [list] tags stripped, repeatedly; `(fwd)` trailers
 * and `[Fwd: ...]` wrappers removed; whitespace collapsed; case kept.
 * `[Iotops] Re: [T2TRG] Re: Secure IoT Bootstrapping` gives `Secure IoT Bootstrapping`.
 */
export function baseSubject(subject: string): string {
  return analyseSubject(subject).base;
}

/** The key subjects are compared by: the base subject, lower-cased. */
export function subjectKey(subject: string): string {
  return analyseSubject(subject).base.toLowerCase();
}

/** True when the subject carried a reply or forward marker (`Re:`, `AW:`, `Fwd:`, `(fwd)`, `[Fwd: ...]`). */
export function looksLikeReply(subject: string): boolean {
  return analyseSubject(subject).replyOrForward;
}
