import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@renkei/core/auth/permissions';
import { PublicStatusService } from './public-status.service';
import { Language, STATUS_PAGE_CSP, renderAtomFeed, renderStatusPage, statusJson } from './status-page';

/** Short enough that a statement taken down (withdrawn, TLP raised) is gone within a minute everywhere. */
const CACHE_CONTROL = 'public, max-age=60, must-revalidate';

function languageOf(value: string | undefined): Language {
  return value?.toLowerCase() === 'en' ? 'en' : 'ja';
}

/**
 * The public status page for residents (§3.2.2 住民への情報提供), served with no login:
 * `GET /status` (HTML, `?lang=en`), `GET /status.json`, `GET /status/feed.atom` (Atom 1.0).
 */
@Controller()
export class StatusController {
  constructor(private readonly status: PublicStatusService) {}

  private headers(response: Response, type: string, language?: Language): Response {
    return response.status(200).set({
      'content-type': type,
      'cache-control': CACHE_CONTROL,
      'x-content-type-options': 'nosniff',
      'content-security-policy': STATUS_PAGE_CSP,
      'referrer-policy': 'no-referrer',
      ...(language ? { 'content-language': language, vary: 'Accept-Encoding' } : {}),
    });
  }

  @Public()
  @Get('status')
  async page(@Query('lang') lang: string | undefined, @Res() response: Response): Promise<void> {
    const language = languageOf(lang);
    this.headers(response, 'text/html; charset=utf-8', language).send(
      renderStatusPage(await this.status.model(), language),
    );
  }

  @Public()
  @Get('status.json')
  async json(@Res() response: Response): Promise<void> {
    this.headers(response, 'application/json; charset=utf-8')
      .set('access-control-allow-origin', '*')
      .send(JSON.stringify(statusJson(await this.status.model())));
  }

  @Public()
  @Get('status/feed.atom')
  async feed(@Query('lang') lang: string | undefined, @Res() response: Response): Promise<void> {
    const language = languageOf(lang);
    this.headers(response, 'application/atom+xml; charset=utf-8', language).send(
      renderAtomFeed(await this.status.model(), language),
    );
  }
}
