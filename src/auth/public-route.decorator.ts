import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'auth:public-route';

/** The route (or every route of a controller) answers without a bearer token, whatever AUTH_ENABLED says. */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
