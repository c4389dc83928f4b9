import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiUuidParam, Page, ProblemDetailsDto, UuidParam } from '@app/common';
import { ApiPdfResponse, pdfAttachment } from '../documents/pdf-response';
import {
  AcceptEstimateDto,
  DeclineEstimateDto,
  EstimateConflictProblemDto,
  EstimateDto,
  EstimatePageDto,
} from '../estimates/dto/estimate.dto';
import { ContactActor, CurrentActor } from '../permissions/actor';
import { PortalAuthenticated } from '../permissions/portal-authenticated.decorator';
import { PortalEstimateListQueryDto } from './dto/portal-documents.dto';
import { PortalDocuments } from './portal-documents.service';

const WHO =
  "Needs the portal permission `estimates` (403 otherwise, checked on every request). Your company's estimates only: another company's is a 404, as is a draft.";

const ANSWER =
  "Never through a login as client (403 IMPERSONATION_CANNOT_ANSWER_ESTIMATE). Only a sent estimate not yet answered or converted (409 ESTIMATE_STATUS_CONFLICT); of answers sent at once, one wins and the others get 409. Recorded with the time and your contact, and in your company's activity; the staff assigned to your company, and those who edit estimates, are told by email.";

@ApiTags('portal')
@Controller('portal/estimates')
export class PortalEstimatesController {
  constructor(private readonly documents: PortalDocuments) {}

  @Get()
  @PortalAuthenticated('estimates')
  @ApiOperation({
    summary: "Your company's estimates",
    description: `Never drafts. Filter by status (\`expired\` includes sent estimates past their expiry date), currency and a date range (inclusive); sort by number or date (the default, newest first). ${WHO}`,
  })
  @ApiOkResponse({ type: EstimatePageDto })
  list(@CurrentActor() actor: ContactActor, @Query() query: PortalEstimateListQueryDto): Promise<Page<EstimateDto>> {
    return this.documents.listEstimates(actor, query);
  }

  @Get(':id')
  @PortalAuthenticated('estimates')
  @ApiOperation({ summary: 'An estimate', description: WHO })
  @ApiUuidParam('id', 'Estimate id')
  @ApiOkResponse({ type: EstimateDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'NOT_FOUND: no such estimate of your company' })
  get(@CurrentActor() actor: ContactActor, @UuidParam('id') id: string): Promise<EstimateDto> {
    return this.documents.estimate(actor, id);
  }

  @Get(':id/pdf')
  @PortalAuthenticated('estimates')
  @ApiOperation({ summary: 'Download an estimate as PDF', description: `In your company's language. ${WHO}` })
  @ApiUuidParam('id', 'Estimate id')
  @ApiPdfResponse('estimate')
  async pdf(@CurrentActor() actor: ContactActor, @UuidParam('id') id: string): Promise<StreamableFile> {
    return pdfAttachment(await this.documents.estimatePdf(actor, id));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @PortalAuthenticated('estimates')
  @ApiOperation({
    summary: 'Accept an estimate',
    description: `With the name of the person accepting. An expired estimate cannot be accepted (409 ESTIMATE_EXPIRED). ${ANSWER} ${WHO}`,
  })
  @ApiUuidParam('id', 'Estimate id')
  @ApiOkResponse({ type: EstimateDto, description: 'The estimate, accepted' })
  @ApiForbiddenResponse({
    type: ProblemDetailsDto,
    description: 'FORBIDDEN (no estimates permission) or IMPERSONATION_CANNOT_ANSWER_ESTIMATE',
  })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'NOT_FOUND: no such estimate of your company' })
  @ApiConflictResponse({
    type: EstimateConflictProblemDto,
    description: 'ESTIMATE_STATUS_CONFLICT or ESTIMATE_EXPIRED',
  })
  accept(
    @CurrentActor() actor: ContactActor,
    @UuidParam('id') id: string,
    @Body() dto: AcceptEstimateDto,
  ): Promise<EstimateDto> {
    return this.documents.answerEstimate(actor, id, { accept: true, name: dto.name });
  }

  @Post(':id/decline')
  @HttpCode(200)
  @PortalAuthenticated('estimates')
  @ApiBody({ type: DeclineEstimateDto, required: false })
  @ApiOperation({ summary: 'Decline an estimate', description: `With a reason, if you wish. ${ANSWER} ${WHO}` })
  @ApiUuidParam('id', 'Estimate id')
  @ApiOkResponse({ type: EstimateDto, description: 'The estimate, declined' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'NOT_FOUND: no such estimate of your company' })
  @ApiConflictResponse({ type: EstimateConflictProblemDto, description: 'ESTIMATE_STATUS_CONFLICT' })
  decline(
    @CurrentActor() actor: ContactActor,
    @UuidParam('id') id: string,
    @Body() dto: DeclineEstimateDto,
  ): Promise<EstimateDto> {
    return this.documents.answerEstimate(actor, id, { accept: false, reason: dto?.reason ?? null });
  }
}
