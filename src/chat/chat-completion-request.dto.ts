import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

export const MESSAGE_ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;

@ValidatorConstraint({ name: 'messageContent' })
class MessageContentConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === null || value === undefined || typeof value === 'string') return true;
    return Array.isArray(value) && value.every((part) => part && typeof part === 'object' && typeof part.type === 'string');
  }
  defaultMessage(): string {
    return 'content must be a string, null, or an array of content parts with a "type"';
  }
}

@ValidatorConstraint({ name: 'stop' })
class StopConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === null || value === undefined || typeof value === 'string') return true;
    return Array.isArray(value) && value.length <= 4 && value.every((entry) => typeof entry === 'string');
  }
  defaultMessage(): string {
    return 'stop must be a string or an array of up to 4 strings';
  }
}

@ValidatorConstraint({ name: 'toolChoice' })
class ToolChoiceConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === null || value === undefined) return true;
    if (typeof value === 'string') return ['none', 'auto', 'required'].includes(value);
    return typeof value === 'object' && !Array.isArray(value) && typeof (value as { type?: unknown }).type === 'string';
  }
  defaultMessage(): string {
    return 'tool_choice must be "none", "auto", "required" or an object with a "type"';
  }
}

export class ChatMessageDto {
  @ApiProperty({ enum: MESSAGE_ROLES })
  @IsIn(MESSAGE_ROLES)
  role: string;

  @ApiPropertyOptional({ description: 'A string or an array of content parts', nullable: true, oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }] })
  @Validate(MessageContentConstraint)
  content?: unknown;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  tool_calls?: unknown[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  tool_call_id?: string;
}

export class ToolFunctionDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  description?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;
}

export class ToolDto {
  @ApiProperty({ example: 'function' })
  @IsString()
  type: string;

  @ApiPropertyOptional({ type: ToolFunctionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ToolFunctionDto)
  function?: ToolFunctionDto;
}

/**
 * What the gateway checks in a Chat Completions request. Used for validation and documentation
 * only: the body forwarded upstream is the client's own object, so unknown fields survive.
 */
export class ChatCompletionRequestDto {
  @ApiProperty({ example: 'openai/gpt-4o-mini', description: '`<provider>/<model>`, or the bare model with `?provider=`' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  model: string;

  @ApiProperty({ type: [ChatMessageDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages: ChatMessageDto[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsBoolean()
  stream?: boolean | null;

  @ApiPropertyOptional({ type: 'object', properties: { include_usage: { type: 'boolean' } }, nullable: true })
  @IsOptional()
  @IsObject()
  stream_options?: { include_usage?: boolean } | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 2, nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(2)
  temperature?: number | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  top_p?: number | null;

  @ApiPropertyOptional({ minimum: 1, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  max_tokens?: number | null;

  @ApiPropertyOptional({ minimum: 1, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  max_completion_tokens?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 128, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(128)
  n?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  seed?: number | null;

  @ApiPropertyOptional({ minimum: -2, maximum: 2, nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(-2)
  @Max(2)
  presence_penalty?: number | null;

  @ApiPropertyOptional({ minimum: -2, maximum: 2, nullable: true })
  @IsOptional()
  @IsNumber()
  @Min(-2)
  @Max(2)
  frequency_penalty?: number | null;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }], nullable: true })
  @Validate(StopConstraint)
  stop?: string | string[] | null;

  @ApiPropertyOptional({ type: [ToolDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ToolDto)
  tools?: ToolDto[];

  @ApiPropertyOptional({ oneOf: [{ type: 'string', enum: ['none', 'auto', 'required'] }, { type: 'object' }] })
  @Validate(ToolChoiceConstraint)
  tool_choice?: unknown;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  parallel_tool_calls?: boolean;

  @ApiPropertyOptional({ type: 'object', properties: { type: { type: 'string', enum: ['text', 'json_object', 'json_schema'] } } })
  @IsOptional()
  @IsObject()
  response_format?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  user?: string;
}
