// Turns an ESM-only dependency (jose, graphile-worker) into CommonJS for jest's module system, keeping standard class fields.
const ts = require("typescript");
module.exports = {
  process(source, filename) {
    const out = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, allowJs: true, useDefineForClassFields: true, sourceMap: false },
    });
    return { code: out.outputText };
  },
};
