/** Fence tags that are not VS Code language ids themselves. */
const ALIASES: Record<string, string> = {
  py: 'python', js: 'javascript', jsx: 'javascriptreact', ts: 'typescript', tsx: 'typescriptreact',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', shell: 'shellscript', console: 'shellscript',
  yml: 'yaml', md: 'markdown', rb: 'ruby', rs: 'rust', kt: 'kotlin', cs: 'csharp', 'c#': 'csharp',
  'c++': 'cpp', cxx: 'cpp', hpp: 'cpp', h: 'c', golang: 'go', ps1: 'powershell', text: 'plaintext', txt: 'plaintext',
  html: 'html', xml: 'xml', json: 'json', jsonc: 'jsonc', dockerfile: 'dockerfile', docker: 'dockerfile',
};

/**
 * The VS Code language id for a code fence's tag, when VS Code knows it (`known` lists its ids);
 * `plaintext` otherwise.
 */
export function languageIdOfFence(tag: string, known: readonly string[]): string {
  const lower = tag.trim().toLowerCase();
  const id = ALIASES[lower] ?? lower;
  return known.includes(id) ? id : 'plaintext';
}
