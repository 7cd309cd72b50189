import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ConsumerReadiness, type ConsumerStatus } from '../kafka/consumer-readiness';
import { SCORER_GROUP_ID } from '../kafka/kafka-options';

@Controller('health')
export class HealthController {
  constructor(@Inject(ConsumerReadiness) private readonly readiness: ConsumerReadiness) {}

  @Get('live')
  @HttpCode(200)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready once the score-request consumer has joined `scorer-server` and fetched. */
  @Get('ready')
  ready(): { status: 'ready'; group: string } & ConsumerStatus {
    const status = this.readiness.status();
    if (!this.readiness.ready) {
      throw new ServiceUnavailableException(
        `kafka consumer ${status.state} (group ${SCORER_GROUP_ID})`,
      );
    }
    return { status: 'ready', group: SCORER_GROUP_ID, ...status };
  }
}
