import { Controller, Get, Param, ParseUUIDPipe, Query, Res, UseFilters } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, Public, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { badInput, notFound } from '@renkei/core/errors/domain.errors';
import { JsonErrorFilter } from '@renkei/core/errors/http-error.filter';
import { renderAfterActionHtml, renderAfterActionMarkdown } from './after-action-render';
import { ExerciseEvaluationService } from './exercise-evaluation.service';
import { loadAccess } from './exercise-access';
import { improvementRows } from './improvement-rows';
import { BOARD_CSP, BOARD_SCRIPT, renderBoardPage } from './pages/board-page';

/** The facilitator board (a page for the projector) and the after-action report downloads. */
@Controller('exercises')
@UseFilters(JsonErrorFilter)
export class ExerciseBoardController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly evaluation: ExerciseEvaluationService,
  ) {}

  /** The page holds no data: it loads what the token in its URL fragment may see. */
  @Public()
  @Get('board.js')
  script(@Res() response: Response): void {
    response
      .status(200)
      .set({
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      })
      .send(BOARD_SCRIPT);
  }

  @Public()
  @Get(':id/board')
  board(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): void {
    response
      .status(200)
      .set({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': BOARD_CSP,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      })
      .send(renderBoardPage(id));
  }

  /** GET /exercises/:id/after-action-report?format=md|html&lang=ja|en (authenticated like GraphQL). */
  @Get(':id/after-action-report')
  @RequirePermission(Permission.EXERCISE_READ)
  async report(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Res() response: Response,
    @Query('format') format = 'md',
    @Query('lang') lang = 'ja',
  ): Promise<void> {
    if (format !== 'md' && format !== 'html') throw badInput('format', 'format is md or html');
    if (lang !== 'ja' && lang !== 'en') throw badInput('lang', 'lang is ja or en');
    const access = await loadAccess(this.dataSource.manager, actor, id);
    if (!access.staff || !access.exercise.report) throw notFound('After-action report');
    const items = await this.evaluation.improvementItems(actor, [access]);
    const options = {
      improvementPlan: await improvementRows(this.dataSource.manager, access.exercise.report, items),
    };
    const body =
      format === 'html'
        ? renderAfterActionHtml(access.exercise.report, lang, options)
        : renderAfterActionMarkdown(access.exercise.report, lang, options);
    const name = `after-action-report-${id.slice(0, 8)}-${lang}.${format}`;
    response
      .status(200)
      .set({
        'content-type': format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...(format === 'html'
          ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" }
          : {}),
      })
      .send(body);
  }
}
