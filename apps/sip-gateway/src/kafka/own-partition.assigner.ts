// kafkajs has no manual assign(). Each gateway instance joins a consumer group of its own (one
// member) and this assigner hands that member exactly its reply partition. So gateways never
// rebalance each other, and a reply always comes back to the instance that asked.
import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export function ownPartitionAssigner(topic: string, partition: number): PartitionAssigner {
  return () => ({
    name: 'OwnReplyPartitionAssigner',
    version: 0,
    assign({ members }) {
      return Promise.resolve(
        members.map(({ memberId }) => ({
          memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 0,
            assignment: { [topic]: [partition] },
            userData: Buffer.alloc(0),
          }),
        })),
      );
    },
    protocol({ topics }) {
      return {
        name: 'OwnReplyPartitionAssigner',
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 0,
          topics,
          userData: Buffer.alloc(0),
        }),
      };
    },
  });
}
