import path from "node:path";
import express, { type Express } from "express";

const asset = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

/**
 * GraphiQL served from the project's own node_modules, so it works with no internet (Apollo's
 * landing page loads from a CDN). Off in production unless GRAPHQL_IDE=true.
 */
export function installIde(app: Express, graphqlPath: string): void {
  const files: Record<string, string> = {
    "react.js": asset("react", "umd/react.production.min.js"),
    "react-dom.js": asset("react-dom", "umd/react-dom.production.min.js"),
    "graphiql.js": asset("graphiql", "graphiql.min.js"),
    "graphiql.css": asset("graphiql", "graphiql.min.css"),
  };
  for (const [name, file] of Object.entries(files)) {
    app.get(`/ide/${name}`, (_req, res) => res.sendFile(file, { maxAge: "1d" }));
  }
  app.get("/graphiql", (_req, res) => {
    res.type("html").send(page(graphqlPath));
  });
  app.use("/ide", express.Router()); // nothing else under /ide
}

// No placeholder header: an invalid one would make the IDE's own schema request fail.
const DEFAULT_QUERY = `# 1. Get a token for a demo user:   npm run token -- csp.officer@maidstone.gov.uk
# 2. Open "Headers" below and enter: { "Authorization": "Bearer <the token>" }
# 3. Run this query:
{
  me { name email roles agency { name kind } }
}
`;

function page(graphqlPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>ASB case review: GraphiQL</title>
  <link rel="stylesheet" href="/ide/graphiql.css">
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="/ide/react.js"></script>
  <script src="/ide/react-dom.js"></script>
  <script src="/ide/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(graphqlPath)} });
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultEditorToolsVisibility: true,
        defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      }),
    );
  </script>
</body>
</html>`;
}
