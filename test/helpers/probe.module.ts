import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Public } from '@app/common';

class ProbeAddress {
  @IsOptional()
  @IsString()
  @MaxLength(10)
  city?: string;

  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;
}

class ProbeBody {
  @IsString()
  @MaxLength(20)
  company: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  count?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => ProbeAddress)
  address?: ProbeAddress;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsString({ each: true })
  tags?: string[];
}

/** Exercises the platform's shared pipes and filters in tests; never part of the product. */
@Controller('_probe')
class ProbeController {
  @Post('echo')
  @Public()
  echo(@Body() body: ProbeBody): ProbeBody {
    return body;
  }

  @Get('boom')
  @Public()
  boom(): never {
    throw new Error('secret internal detail');
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
