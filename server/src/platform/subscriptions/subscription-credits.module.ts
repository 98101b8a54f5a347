import { Module } from '@nestjs/common';
import { SubscriptionCredits } from './subscription-credits.service';

/**
 * The credits alone (no routes): the outbox reserves, refunds and turns them off as it sends, and the
 * subscriptions routes and WeChat's message push change them. Both import this module, so neither imports the other.
 */
@Module({ providers: [SubscriptionCredits], exports: [SubscriptionCredits] })
export class SubscriptionCreditsModule {}
