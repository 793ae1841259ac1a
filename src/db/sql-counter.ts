import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger as TypeOrmLogger } from "typeorm";
import type { Logger } from "pino";

/** Per-request statement counter: tests assert SQL counts, the benchmark reports them. */
export const sqlScope = new AsyncLocalStorage<{ statements: number }>();

export class CountingLogger implements TypeOrmLogger {
  constructor(private readonly pino?: Logger) {}
  logQuery(query: string): void {
    const scope = sqlScope.getStore();
    if (scope) scope.statements++;
    if (this.pino?.isLevelEnabled("trace")) this.pino.trace({ sql: query }, "sql");
  }
  logQueryError(error: string | Error, query: string): void {
    this.pino?.error({ err: error, sql: query }, "sql error");
  }
  logQuerySlow(time: number, query: string): void {
    this.pino?.warn({ ms: time, sql: query }, "slow sql");
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.pino?.info(message);
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.pino?.warn(String(message));
  }
}
