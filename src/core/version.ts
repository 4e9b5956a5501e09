import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  homepage: string;
};

/** listlens's version and home page, read once from package.json. */
export const listlensVersion = packageJson.version;
export const listlensHomepage = packageJson.homepage;

/** `listlens/<version> (+<homepage>)`: names listlens to a site's operators, and to readers of its reports. */
export const listlensUserAgent = `listlens/${listlensVersion} (+${listlensHomepage})`;
