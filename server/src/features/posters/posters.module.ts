import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { PosterCodeService } from './poster-code';
import { PostersController } from './posters.controller';
import { PosterService } from './posters.service';

/** Printable A4 posters: a school's tip box and its class invite codes (the WeChat client comes from WechatModule). */
@Module({
  imports: [TenancyModule],
  controllers: [PostersController],
  providers: [PosterService, PosterCodeService],
})
export class PostersModule {}
