import { Module } from '@nestjs/common';
import { OnboardingModule } from '../onboarding/onboarding.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { PosterCodeService } from './poster-code';
import { PostersController } from './posters.controller';
import { PosterService } from './posters.service';
import { WechatModule } from '../../platform/wechat/wechat.module';

/** Printable A4 posters: a school's tip box and its class invite codes (the WeChat client comes from WechatModule). */
@Module({
  imports: [TenancyModule, OnboardingModule, WechatModule],
  controllers: [PostersController],
  providers: [PosterService, PosterCodeService],
})
export class PostersModule {}
