import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ProblemDetailsDto, Public } from '@app/common';
import { HealthService } from './health.service';

export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status: 'ok';

  @ApiProperty({ enum: ['up'], example: 'up' })
  database: 'up';

  @ApiProperty({ enum: ['mysql', 'sqlite'], example: 'sqlite' })
  engine: 'mysql' | 'sqlite';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @SkipThrottle()
  @ApiOperation({
    summary: 'Liveness and database check',
    description: 'Answers 200 when the database answers a query, 503 otherwise.',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'The database does not answer' })
  check(): Promise<HealthDto> {
    return this.health.check();
  }
}
