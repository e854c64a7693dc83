import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { sendPage } from '@renkei/alerting/ack.controller';
import { AckTokens } from '@renkei/alerting/ack-token';
import { escapeHtml, renderHtmlDocument } from '@renkei/alerting/pages/html';
import { Public } from '@renkei/core/auth/permissions';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { ExercisePlayService } from './exercise-play.service';
import { ResponseKind } from './exercises.enums';

const PAGE = {
  recorded: {
    status: 200,
    className: 'ok',
    ja: '対応を記録しました。ファシリテーターと評価者に届いています。',
    en: 'Your response is recorded; the facilitators and evaluators see it.',
  },
  invalid: {
    status: 400,
    className: 'warn',
    ja: 'このリンクでは訓練への対応を記録できません。',
    en: 'This link cannot record a response to an exercise.',
  },
  expired: {
    status: 410,
    className: 'warn',
    ja: 'このリンクは有効期限が切れています。',
    en: 'This link has expired.',
  },
  notRunning: {
    status: 409,
    className: 'notice',
    ja: '訓練は実施中ではありません（終了または中止されました）。',
    en: 'The exercise is not running (it has finished or was cancelled).',
  },
  empty: {
    status: 400,
    className: 'warn',
    ja: '内容を入力してください（5000文字以内）。',
    en: 'Write what you decided or did (at most 5,000 characters).',
  },
} as const;

function page(response: Response, key: keyof typeof PAGE): void {
  const text = PAGE[key];
  const body = `<h1>訓練への対応 / Exercise response</h1>
<div class="banner ${text.className}"><p lang="ja">${escapeHtml(text.ja)}</p><p lang="en">${escapeHtml(text.en)}</p></div>`;
  sendPage(
    response,
    text.status,
    renderHtmlDocument({ lang: 'ja', title: 'Renkei — 訓練 / Exercise', body }),
  );
}

/**
 * Players post responses from the alert's own link (the drill's landing page), as the issue asks:
 * the acknowledgement token names the alert, so the organisation and the inject; nothing else is needed.
 */
@Controller('exercises/respond')
export class ExerciseResponseController {
  private readonly tokens: AckTokens;

  constructor(
    private readonly play: ExercisePlayService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokens = new AckTokens(config.jwtSecret, config.ackTokenTtlSeconds);
  }

  @Public()
  @Post(':token')
  async respond(
    @Param('token') token: string,
    @Body() body: { kind?: unknown; text?: unknown; name?: unknown } | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const verified = this.tokens.verify(token);
    if ('error' in verified) return page(response, verified.error === 'expired' ? 'expired' : 'invalid');
    const text = typeof body?.text === 'string' ? body.text.trim() : '';
    if (!text || text.length > 5000) return page(response, 'empty');
    const kind = body?.kind === ResponseKind.ACTION ? ResponseKind.ACTION : ResponseKind.DECISION;
    const name = typeof body?.name === 'string' ? body.name : null;
    const result = await this.play.respondByToken(verified.alertId, { kind, text, name });
    if (result === null) return page(response, 'invalid');
    if (result === 'not-running') return page(response, 'notRunning');
    return page(response, 'recorded');
  }
}
