import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root, Subscription, UseMiddleware } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Conversation as DbConversation, Message as DbMessage, User as DbUser } from '../../generated/prisma/client';
import { realtimeOf } from '../../realtime/streams';
import { NotFoundError } from '../../shared/errors';
import { ConnectionArgs, type Page } from '../../shared/pagination';
import { User } from '../account/account.types';
import { ANONYMOUS_NAME, displayName } from '../community/anonymity';
import { MessagesArgs, SendMessageInput } from './message.inputs';
import { hiddenName, isHiddenFrom, isViewerHidden, otherParticipantId } from './message.policy';
import type { MessageService } from './message.service';
import type { MessageRow } from './message.sql';
import { Conversation, ConversationConnection, Message, MessageConnection } from './message.types';
import { NoStore } from '../../plugins/no-store';
import { IdArg } from '../../shared/ids';

/** The name under which `viewer` sees participant `userId` of `conversation`. */
async function nameSeenBy(viewer: Viewer, conversation: DbConversation, userId: string, { loaders }: Context): Promise<string> {
  if (isHiddenFrom(conversation, userId, viewer.id)) return hiddenName(conversation);
  return displayName(await loaders.user.userById.load(userId));
}

/** The other participant, or null while they are anonymous to `viewer`. */
function otherParticipantSeenBy(viewer: Viewer, conversation: DbConversation, { loaders }: Context): Promise<DbUser | null> | null {
  const otherId = otherParticipantId(conversation, viewer.id);
  return isHiddenFrom(conversation, otherId, viewer.id) ? null : loaders.user.userById.load(otherId);
}

async function conversationOf(message: MessageRow, { loaders }: Context): Promise<DbConversation> {
  const conversation = await loaders.message.conversationById.load(message.conversationId);
  if (!conversation) throw new NotFoundError('Conversation');
  return conversation;
}

@UseMiddleware(NoStore)
@Resolver(() => Conversation)
export class ConversationResolver {
  constructor(private readonly messageService: MessageService) {}

  @Authorized()
  @Query(() => ConversationConnection, { description: "The viewer's conversations, the one with the most recent message first." })
  conversations(@CurrentViewer() viewer: Viewer, @Args(() => ConnectionArgs) args: ConnectionArgs): Promise<Page<DbConversation>> {
    return this.messageService.listConversations(viewer, args);
  }

  @Authorized()
  @Mutation(() => Conversation, { description: 'Marks every message of the conversation read for the viewer. NOT_FOUND unless the viewer takes part in it.' })
  markConversationRead(
    @CurrentViewer() viewer: Viewer,
    @IdArg('conversationId', 'A conversation of the viewer.') conversationId: string,
  ): Promise<DbConversation> {
    return this.messageService.markRead(viewer, conversationId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The other participant; null while they are anonymous to the viewer.' })
  otherParticipant(@Root() conversation: DbConversation, @CurrentViewer() viewer: Viewer, @Ctx() ctx: Context): Promise<DbUser | null> | null {
    return otherParticipantSeenBy(viewer, conversation, ctx);
  }

  @FieldResolver(() => String, {
    description: `The other participant's name: while they are anonymous to the viewer, the name their post or comment shows ("${ANONYMOUS_NAME}", "${ANONYMOUS_NAME}3", "글쓴이"); "(deleted user)" for a deleted account.`,
  })
  otherParticipantName(@Root() conversation: DbConversation, @CurrentViewer() viewer: Viewer, @Ctx() ctx: Context): Promise<string> {
    return nameSeenBy(viewer, conversation, otherParticipantId(conversation, viewer.id), ctx);
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer is anonymous to the other participant (a conversation about the viewer's anonymous post)." })
  isAnonymousToOther(@Root() conversation: DbConversation, @CurrentViewer() viewer: Viewer): boolean {
    return isViewerHidden(conversation, viewer.id);
  }

  @FieldResolver(() => Message, { nullable: true, description: 'The newest message.' })
  lastMessage(@Root() conversation: DbConversation, @Ctx() { loaders }: Context): Promise<MessageRow | null> {
    return loaders.message.lastMessageByConversationId.load(conversation.id);
  }

  @FieldResolver(() => Int, { description: "How many messages from the other participant arrived after the viewer's last read (see markConversationRead)." })
  unreadCount(@Root() conversation: DbConversation, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.message.unreadCountByConversationId.load(conversation.id);
  }
}

@UseMiddleware(NoStore)
@Resolver(() => Message)
export class MessageResolver {
  constructor(private readonly messageService: MessageService) {}

  @Authorized()
  @Query(() => MessageConnection, { description: 'Messages of one of the viewer\'s conversations, newest first. NOT_FOUND unless the viewer takes part in it.' })
  messages(@CurrentViewer() viewer: Viewer, @Args(() => MessagesArgs) args: MessagesArgs): Promise<Page<DbMessage>> {
    return this.messageService.listMessages(viewer, args);
  }

  @Authorized()
  @Mutation(() => Message, { description: 'Sends a direct message, opening the conversation with the first one (see SendMessageInput for where it goes).' })
  sendMessage(@CurrentViewer() viewer: Viewer, @Arg('input', () => SendMessageInput, { description: 'The message and where it goes.' }) input: SendMessageInput): Promise<DbMessage> {
    return this.messageService.send(viewer, input);
  }

  @Authorized()
  @Subscription(() => Message, {
    description: 'Messages sent to the viewer, as they arrive (over WebSocket, see the README); select `conversation { unreadCount }` for the new count.',
    subscribe: ({ context }) => {
      const { streams, viewer } = realtimeOf(context as Context);
      return streams.messageReceived(viewer);
    },
  })
  messageReceived(@Root() message: DbMessage): DbMessage {
    return message;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer sent it.' })
  isMine(@Root() message: MessageRow, @CurrentViewer() viewer: Viewer): boolean {
    return message.senderId === viewer.id;
  }

  @FieldResolver(() => String, { description: `The sender's name, as in Conversation.otherParticipantName ("${ANONYMOUS_NAME}" while anonymous to the viewer).` })
  async senderName(@Root() message: MessageRow, @CurrentViewer() viewer: Viewer, @Ctx() ctx: Context): Promise<string> {
    return nameSeenBy(viewer, await conversationOf(message, ctx), message.senderId, ctx);
  }

  @FieldResolver(() => Conversation, { description: 'The conversation it belongs to.' })
  conversation(@Root() message: MessageRow, @Ctx() ctx: Context): Promise<DbConversation> {
    return conversationOf(message, ctx);
  }
}
