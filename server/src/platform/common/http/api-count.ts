import { ApiProperty } from '@nestjs/swagger';
import { SMALL_COUNT } from '@anxin/shared';

/** The OpenAPI schema of a count an oversight view sends (shared/src/small-counts.ts): a number, or '<3' for 1 and 2. */
export const COUNT_SCHEMA = {
  oneOf: [{ type: 'integer', minimum: 0 }, { type: 'string', enum: [SMALL_COUNT] }],
  description: "a count; '<3' in place of 1 and 2 for viewers who are not the school's own case handlers",
};

/** A count property (number or '<3'). */
export function ApiCount(description?: string): PropertyDecorator {
  return ApiProperty({ ...COUNT_SCHEMA, ...(description ? { description: `${description}; ${COUNT_SCHEMA.description}` } : {}) });
}

/** A record of counts by key (number or '<3' each). */
export function ApiCountRecord(description?: string): PropertyDecorator {
  return ApiProperty({ type: 'object', additionalProperties: COUNT_SCHEMA, ...(description ? { description } : {}) });
}
