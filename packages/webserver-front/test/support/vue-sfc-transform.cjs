// Jest transform for the web UI's single-file components: Vue's own SFC compiler (the one Vite's
// plugin uses) turns <script setup lang="ts"> + <template> into a module, TypeScript makes it CommonJS.
// Styles are left out (component tests check behaviour, not looks).
const { createHash } = require('node:crypto');
const { compileScript, parse } = require('vue/compiler-sfc');
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const { descriptor, errors } = parse(source, { filename });
    if (errors.length > 0) throw new Error(`${filename}: ${errors.map((e) => e.message).join('; ')}`);
    const id = createHash('sha256').update(filename).digest('hex').slice(0, 8);
    const script = compileScript(descriptor, { id, inlineTemplate: true });
    const output = ts.transpileModule(script.content, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
      fileName: `${filename}.ts`,
    });
    return { code: output.outputText };
  },
};
