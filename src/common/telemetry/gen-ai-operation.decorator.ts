import { Reflector } from '@nestjs/core';

/** Marks a route as a generative AI operation (`chat`), whose requests get the gen_ai request metrics. */
export const GenAiOperation = Reflector.createDecorator<string>();
