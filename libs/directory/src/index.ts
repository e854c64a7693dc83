export * from './directory.enums';
export * from './directory.module';
export * from './directory.service';
export * from './dto/organisation.type';
