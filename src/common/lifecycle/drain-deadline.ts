import { Injectable } from '@nestjs/common';
import { ReplaySubject, type Observable } from 'rxjs';

/**
 * The moment a shutdown stops waiting for in-flight work. Requests still running then are cut
 * (see `DrainDeadlineInterceptor`); requests that arrive afterwards are refused at once.
 */
@Injectable()
export class DrainDeadline {
  private readonly subject = new ReplaySubject<void>(1);
  private passed = false;

  /** Emits once when the deadline passes, and at once to anyone subscribing later. */
  get reached$(): Observable<void> {
    return this.subject.asObservable();
  }

  get reached(): boolean {
    return this.passed;
  }

  reach(): void {
    if (this.passed) return;
    this.passed = true;
    this.subject.next();
    this.subject.complete();
  }
}
