import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { SipGatewayService } from '../sip-gateway.service';

@Controller('health')
export class HealthController {
  constructor(@Inject(SipGatewayService) private readonly gateway: SipGatewayService) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready once the SIP listeners are bound. */
  @Get('ready')
  ready(): { status: 'ready'; listeners: number } {
    const listeners = this.gateway.listeners.length;
    if (listeners === 0) throw new ServiceUnavailableException('SIP listeners not bound yet');
    return { status: 'ready', listeners };
  }
}
