import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { GatewayConfig } from '@app/config';
import { GatewayModule, type GatewayModuleOptions } from './gateway.module';
import { SipGatewayService } from './sip-gateway.service';

export interface RunningGateway {
  readonly app: INestApplication;
  readonly gateway: SipGatewayService;
  /** Where /metrics and /health answer. */
  readonly httpUrl: string;
}

/** Boots the gateway (SIP listeners + its HTTP side); main.ts and the e2e tests share this. */
export async function startGateway(
  config: GatewayConfig,
  options: GatewayModuleOptions = {},
): Promise<RunningGateway> {
  const app = await NestFactory.create(GatewayModule.forConfig(config, options), {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
  const httpServer = app.getHttpServer() as Server;
  const address = httpServer.address() as AddressInfo;
  return {
    app,
    gateway: app.get(SipGatewayService),
    httpUrl: `http://${config.http.host}:${address.port}`,
  };
}
