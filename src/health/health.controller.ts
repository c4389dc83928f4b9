import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { DomainError, ProblemDetailsDto, Public } from '@app/common';

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
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @SkipThrottle()
  @ApiOperation({
    summary: 'Liveness and database check',
    description: 'Answers 200 when the database answers a query, 503 otherwise.',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'The database does not answer' })
  async check(): Promise<HealthDto> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError(503, 'DATABASE_UNAVAILABLE');
    }
    return {
      status: 'ok',
      database: 'up',
      engine: this.dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql',
    };
  }
}
