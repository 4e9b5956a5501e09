/** A host's robots.txt rules for one user agent. */
export interface RobotsRules {
  allows(path: string): boolean;
}

interface Rule {
  allow: boolean;
  pattern: string;
}

/** RFC 9309 §2.5: a crawler may stop reading robots.txt here; what follows is not parsed at all. */
export const robotsMaxBytes = 500 * 1024;

/**
 * The mail archive's search, advanced search and export views: its robots.txt disallows them (and
 * export needs a login), so listlens never requests them, whatever a mirror's robots.txt says.
 */
const neverFetched = ['/arch/search/', '/arch/advsearch/', '/arch/export/'];

export function builtInDisallowed(path: string): boolean {
  return neverFetched.some((prefix) => path === prefix.slice(0, -1) || path.startsWith(prefix));
}

/**
 * Reads robots.txt as RFC 9309 does: the groups naming `agent` (else the `*` groups), then the
 * longest matching rule decides, `Allow` winning a tie; `*` and a final `$` are wildcards; no rule allows.
 */
export function parseRobots(text: string, agent: string): RobotsRules {
  const groups = readGroups(text);
  const own = groups.filter((group) => group.agents.includes(agent.toLowerCase()));
  const chosen = own.length > 0 ? own : groups.filter((group) => group.agents.includes('*'));
  const rules = chosen.flatMap((group) => group.rules);
  return { allows: (path) => decide(rules, path) };
}

interface Group {
  agents: string[];
  rules: Rule[];
}

function readGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*/, '').trim();
    const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const field = match[1]!.toLowerCase();
    const value = match[2]!.trim();
    if (field === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if ((field === 'allow' || field === 'disallow') && current) {
      lastWasAgent = false;
      if (value) current.rules.push({ allow: field === 'allow', pattern: value });
    } else {
      lastWasAgent = false;
    }
  }
  return groups;
}

/**
 * Whether `path` starts with a match of `pattern` (`*` any run of characters, a final `$` the end of
 * the path). Code rather than a RegExp: each `*` part is found leftmost in turn, so a pattern of many
 * stars costs one scan of the path, never a backtracking search.
 */
export function matchesRobotsPattern(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const parts = (anchored ? pattern.slice(0, -1) : pattern).split('*');
  const first = parts[0]!;
  if (!path.startsWith(first)) return false;
  if (parts.length === 1) return !anchored || path.length === first.length;
  let at = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = path.indexOf(part, at);
    if (found === -1) return false;
    at = found + part.length;
  }
  const last = parts[parts.length - 1]!;
  if (!anchored) return path.indexOf(last, at) !== -1;
  return path.length - last.length >= at && path.endsWith(last);
}

function decide(rules: readonly Rule[], path: string): boolean {
  let best: Rule | null = null;
  for (const rule of rules) {
    if (!matchesRobotsPattern(rule.pattern, path)) continue;
    const longer = !best || rule.pattern.length > best.pattern.length;
    const tieWonByAllow = best && rule.pattern.length === best.pattern.length && rule.allow;
    if (longer || tieWonByAllow) best = rule;
  }
  return best ? best.allow : true;
}
