import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { API_PREFIX } from '@anxin/shared';
import { AppModule } from './app.module';
import type { AppConfig } from './platform/config/app-config';
import { createValidationPipe } from './platform/common/errors/validation';
import { createLogger } from './platform/common/logging/logger';
import { inlineScriptHashes, registerSecurityHeaders } from './platform/common/http/security-headers';
import { closeConnectionsWhenClosing } from './platform/common/http/graceful-close';
import { encodeAnswersOnce } from './platform/common/http/encode-once';
import { registerXmlBodyParser } from './platform/wechat/xml-body';
import { registerJsonBodyParser } from './platform/common/http/json-body';
import { runMigrations } from './platform/database/database.module';
import { Clock } from './platform/common/clock/clock';
import { seedDemo } from './features/demo/demo-seed';

export interface CreatedApp {
  app: NestFastifyApplication;
  logger: Logger;
}

/**
 * Builds the Nest application (used by main.ts and by the in-process tests). Migrations run here.
 *
 * `docsUi: false` skips the Swagger UI's static files (in-process Jest cannot load @fastify/static's ESM-only
 * dependencies); `/api/docs-json` is served either way, and the real-process e2e suite checks the UI.
 */
export async function createApp(config: AppConfig, options: { logger?: Logger; docsUi?: boolean } = {}): Promise<CreatedApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024, // JSON bodies; uploads have their own limits
    trustProxy: config.trustProxy,
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    logger: ['error', 'warn'],
    abortOnError: false,
    // The API speaks JSON (and multipart for uploads) only: no form-urlencoded parser from Nest, and fastify's
    // text/plain parser is removed below, so any other content type is a 415.
    bodyParser: false,
  });
  app.setGlobalPrefix(API_PREFIX.replace(/^\//, ''), { exclude: ['api/health'] });
  app.useGlobalPipes(createValidationPipe());
  // No app.enableShutdownHooks(): main.ts owns SIGTERM/SIGINT and closes the app once. Both listening meant two
  // concurrent closes, each destroying the database pool (on MariaDB the later one fails: "Connection with mysql
  // database is not established").
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  registerJsonBodyParser(fastify); // fastify's parser behind a nesting-depth cap (400)
  registerXmlBodyParser(fastify); // WeChat message push in XML format (read by that endpoint alone)
  const staticIndex = config.staticDir ? join(config.staticDir, 'index.html') : null;
  const servesApp = !!staticIndex && existsSync(staticIndex);
  await registerSecurityHeaders(fastify, { inlineScriptHashes: servesApp ? inlineScriptHashes(readFileSync(staticIndex!, 'utf8')) : [] });
  await fastify.register(require('@fastify/multipart'), { limits: { fileSize: 25 * 1024 * 1024, files: 6, fields: 20 } });
  if (config.logRequests) logRequests(fastify, logger);
  closeConnectionsWhenClosing(fastify);
  encodeAnswersOnce(fastify);

  // Off in production unless ANXIN_API_DOCS=true: the map of every route is of more use to an attacker than to users.
  // Built on its first request, not here: walking every route's metadata took 0.3 of the 1.0 s of CPU creating the app took.
  if (config.apiDocs) SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false, ui: options.docsUi ?? true });

  if (servesApp) {
    await fastify.register(require('@fastify/static'), { root: config.staticDir, prefix: '/', wildcard: false, index: ['index.html'] });
  }

  const ds = app.get(DataSource);
  const ran = await runMigrations(ds);
  if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
  if (config.demoSeed) {
    await seedDemo(ds, app.get(Clock).now(), config.masterKey);
    logger.info('demo data ready');
  }
  return { app, logger };
}

/** The OpenAPI document of every route (`/api/docs-json`). */
function openApiDocument(app: NestFastifyApplication) {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('安心家校 Anxin API')
      .setDescription('Errors have one shape: { code, message, details? }. Times are ISO-8601 UTC.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

/** Request log: method, route template, status, duration. No IPs, headers, bodies or query strings. */
function logRequests(fastify: any, logger: Logger) {
  fastify.addHook('onResponse', (request: any, reply: any, done: () => void) => {
    logger.info({ method: request.method, route: request.routeOptions?.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });
}
