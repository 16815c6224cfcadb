/**
 * A browser "family on OS" label from a User-Agent header, e.g. "Firefox on Linux". Versions are
 * left out on purpose: browsers update every few weeks, and a new version is not an unfamiliar
 * browser. Order matters: Edge and Opera also claim to be Chrome, and Chrome claims to be Safari.
 */
const FAMILIES: Array<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\bChrome\/|\bCriOS\/|\bChromium\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
  [/\bpython-requests\/|\bPython-urllib\//, 'Python'],
  [/\bnode-fetch\b|\bundici\b|\baxios\//, 'Node.js'],
];

const SYSTEMS: Array<[RegExp, string]> = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

export function browserOf(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  if (!ua.trim()) return 'unknown';
  const family = FAMILIES.find(([pattern]) => pattern.test(ua))?.[1] ?? 'Other';
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  return system ? `${family} on ${system}` : family;
}
