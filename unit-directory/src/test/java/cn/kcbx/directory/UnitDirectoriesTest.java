package cn.kcbx.directory;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class UnitDirectoriesTest {

    /**
     * Any signed-in user may ask for any county's directory by its code: asking for ten thousand counties that keep
     * none must not make the service keep ten thousand empty directories.
     */
    @Test
    void countiesWithoutADirectory_areAnsweredEmpty_andNotKept() {
        EventStorageEngine store = mock(EventStorageEngine.class);
        when(store.lastSequenceNumberFor(anyString())).thenReturn(Optional.empty());
        UnitDirectories directories = new UnitDirectories(store);

        for (int county = 110101; county < 120101; county++) {
            assertThat(directories.of(String.valueOf(county)).isEmpty()).isTrue();
        }

        assertThat(directories.keptDirectories()).isZero();
    }
}
