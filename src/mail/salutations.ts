import data from './salutations.json' with { type: 'json' };

/**
 * The words a message opens and closes with, kept in one data file (`salutations.json`) for every stage
 * that looks for them: mail's own-text segmentation (device sign-offs), the summary (greetings and
 * sign-offs are not what the author says) and the candidate terms (names follow them, not technologies).
 */
export interface Salutations {
  /** Words a greeting line opens with (`Hi all,`, `Good morning Jane`), lower case. */
  greetings: readonly string[];
  /** A sign-off (`Best regards,`, `Viele Grüße`), lower case. */
  signOffs: readonly string[];
  /** What a phone's or a web mail's client appends, `…` standing for the device or app (`Sent from my …`). */
  deviceSignOffs: readonly string[];
}

export const salutations: Salutations = data;

/** The name of a device or app in a device sign-off (`iPhone`, `Windows 10`, `oficina móvil BlackBerry® de Telcel`). */
const deviceName = String.raw`[\p{L}\p{N}®™ .'\u2010\u2011-]{2,60}`;

/**
 * A regular-expression alternation of phrases, longest first, any run of blanks between their words,
 * ending at the end of a word (`best` is not `bestow`). Match it case-insensitively with the `u` flag.
 */
export function phraseAlternation(phrases: readonly string[]): string {
  const alternatives = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((phrase) => phrase.trim().split(/\s+/u).map(escapeRegExp).join(String.raw`\s+`));
  return String.raw`(?:${alternatives.join('|')})(?![\p{L}\p{N}])`;
}

/** A device sign-off, with the punctuation and the link (`Get Outlook for iOS<https://aka.ms/o0ukef>`) clients add. */
const deviceSignOff = new RegExp(
  String.raw`^(?:${salutations.deviceSignOffs.map((form) => form.split('…').map(escapeRegExp).join(deviceName)).join('|')})[.!]?(?:[ \t]?<https?:\/\/[^\s<>]{1,100}>)?$`,
  'iu',
);
/** The words device sign-offs start with (`Sent`, `Gesendet`), matched as the whole pattern matches them: a cheap test before it. */
const deviceSignOffFirstWord = new RegExp(
  `^(?:${[...new Set(salutations.deviceSignOffs.map((form) => escapeRegExp(form.split(/[\s…]/u)[0] ?? '')))].join('|')})`,
  'iu',
);
/** The first two words of each device sign-off, before its device: `Sent from`, `Get Outlook`, `Von meinem`, `Az`. */
const deviceSignOffOpening = new RegExp(
  `^${phraseAlternation([...new Set(salutations.deviceSignOffs.map((form) => form.split('…')[0]?.split(/\s+/u).filter(Boolean).slice(0, 2).join(' ') ?? ''))])}`,
  'iu',
);

/**
 * A line that is a sign-off, a few words after it allowed (`Thanks for the review,`, `Best regards from
 * Prague`): what stands above the author's name at the end of a message.
 */
export const signOffLine = new RegExp(String.raw`^${phraseAlternation(salutations.signOffs)}[^.?!:;]{0,30}[,.!]?$`, 'iu');

/**
 * No device sign-off is longer than this (the longest form, each `…` a device name at its longest, the
 * punctuation and the link), surrounding blanks not counted: a cheap test before the pattern.
 */
export const MAX_DEVICE_SIGN_OFF_LENGTH =
  Math.max(...salutations.deviceSignOffs.map((form) => form.length + (form.split('…').length - 1) * 60)) + 1 + 1 + '<https://>'.length + 100;

/** The whole of `text` is a device sign-off: `Sent from my iPhone`, `Von meinem iPad gesendet.` */
export function isDeviceSignOff(text: string): boolean {
  if (!deviceSignOffFirstWord.test(text)) return false;
  // Windows Mail links its name in the middle: "Sent from Mail<https://go.microsoft.com/…> for Windows 10".
  return deviceSignOff.test(text) || deviceSignOff.test(text.replace(INNER_LINK, ''));
}

const INNER_LINK = /<https?:\/\/[^\s<>]{1,100}>(?=[ \t]\S)/g;

/**
 * `line` opens as a device sign-off does, whatever follows: `Sent from Samsung Mobile`, `Get Outlook
 * for Android<https://aka.ms/ghei36>`. Looser than `isDeviceSignOff`: for lines already known to close
 * a message.
 */
export function opensLikeDeviceSignOff(line: string): boolean {
  return deviceSignOffOpening.test(line);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
