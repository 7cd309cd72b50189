import { Controller, Inject } from '@nestjs/common';
import { Ctx, KafkaContext, MessagePattern, Payload } from '@nestjs/microservices';
import { TOPICS, type ScoreReplyMessage } from '@app/contracts';
import { ScoreRequestService } from './score-request.service';

/**
 * `scoring.internal.score-request.1`: ServerKafka publishes the return value (or the
 * RpcException) to the request's `kafka_replyTopic` / `kafka_replyPartition` with its
 * `kafka_correlationId`.
 */
@Controller()
export class ScoreRequestController {
  constructor(@Inject(ScoreRequestService) private readonly service: ScoreRequestService) {}

  @MessagePattern(TOPICS.scoreRequest)
  score(@Payload() payload: unknown, @Ctx() context: KafkaContext): ScoreReplyMessage {
    return this.service.score(payload, {
      partition: context.getPartition(),
      offset: context.getMessage().offset,
    });
  }
}
