import { Module } from '@nestjs/common';
import { CryptoService } from './crypto.service';

/** Owns `school_keys`: per-school data keys wrapped by the master key, and AES-256-GCM encryption at rest. */
@Module({ providers: [CryptoService], exports: [CryptoService] })
export class CryptoModule {}
