import type { Request, Response } from 'express';
import type { Actor } from '../context/actor';
import { RequestLoaders } from './request-loaders';

export interface GraphqlContext {
  req: Request & { actor?: Actor; id?: string };
  res: Response;
  loaders: RequestLoaders;
}
